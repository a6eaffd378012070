"""kefu's own strings, one Fluent (.ftl) folder per locale: en, zh-Hans, zh-Hant."""
