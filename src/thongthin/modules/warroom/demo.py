def load(localities) -> None:
    return None
