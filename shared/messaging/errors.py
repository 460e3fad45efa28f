"""The one failure of the messaging clients."""


class DeliveryError(RuntimeError):
    """A mail or SMS could not be handed to the relay or gateway."""

    user_message = ("Le message n'a pas pu être envoyé pour le moment. Merci de réessayer dans "
                    "quelques instants.")
