"""Public ticket ids: shape, alphabet, randomness, and reading back what a person typed."""

from __future__ import annotations

from bot.storage.ticket_ids import ALPHABET, new_public_id, normalise


def test_alphabet_has_no_ambiguous_letters() -> None:
    assert len(ALPHABET) == 32
    assert not set("ILOU") & set(ALPHABET)


def test_ids_are_random_not_sequential() -> None:
    ids = [new_public_id() for _ in range(2000)]
    assert all(i.startswith("K-") and len(i) == 7 for i in ids)
    assert len(set(ids)) > 1990
    assert sorted(ids) != ids


def test_normalise_accepts_common_slips() -> None:
    assert normalise("k-7f3q2") == "K-7F3Q2"
    assert normalise(" K 7F3Q2 ") == "K-7F3Q2"
    assert normalise("K-7FOQl") == "K-7F0Q1"
    assert normalise("7F3Q2") == "K-7F3Q2"
    assert normalise("K-7F3Q") is None
    assert normalise("K-7F3QU") is None
    assert normalise("") is None


def test_normalise_keeps_an_id_whose_body_starts_with_k() -> None:
    for public_id in ("K-K4BGF", "K-KKKKK"):
        assert normalise(public_id) == public_id
        assert normalise(public_id.lower()) == public_id
        assert normalise(public_id.replace("-", "")) == public_id
        assert normalise(public_id[2:]) == public_id
