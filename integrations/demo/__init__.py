"""The embedded demo shop: seeded orders, accounts and payment channels for trying kefu
without a real order system. The pure parts live here (seed data, status mapping,
ownership rules); its state is kept in kefu's database by bot/storage/demo_orders.py."""
