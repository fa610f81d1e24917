"""Small modal dialogs that answer one question (ModalScreen[T])."""
