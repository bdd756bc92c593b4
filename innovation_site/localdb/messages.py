"""How problems and progress reach the user: LocalDBError and the progress lines."""


class LocalDBError(Exception):
    """A problem the user has to solve; the message says how."""


def say(message: str) -> None:
    """Print one progress line."""
    print(f"localdb: {message}", flush=True)
