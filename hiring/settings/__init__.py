"""Settings modules: base (everything, from the environment), local (make run), test, production."""
