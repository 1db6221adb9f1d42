"""The application layer: one function per use case, `(context, typed request) -> typed view`."""
