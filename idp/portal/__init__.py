"""The portal home and its pages once signed in: information, scrutins, complaints, account."""
