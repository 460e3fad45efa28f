"""Code shared by the Portail Élections services: settings, storage, security, messaging, CAPTCHA."""
