"""The portal as an OpenID Connect provider (authorization code + PKCE only), built on authlib."""
