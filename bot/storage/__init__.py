"""kefu's database: typed models, the engine, migrations and the stores built on them."""
