"""Attempt limits of the portal (sliding windows; per account and per address).

Per-address limits are generous because whole schools sit behind one address; per-account
limits are tight because they guard one person's secret.
"""

LIMITS = {
    "identifier": "60/10minutes",          # identifier page, per address and per identifier
    "password": "5/15minutes",             # Élections password, per account
    "password_address": "100/15minutes",   # Élections password, per address
    "mail": "3/hour",                      # activation / reset mails, per account
    "form": "20/hour",                     # complaints and assistance, per account
    "challenge": "5/hour",                 # question défi + NUMEN/NIR step-up, per account
    "challenge_address": "50/hour",        # the same, per address
    "reviewer": "5/15minutes",             # inspector sign-in, per reviewer login
    "reviewer_address": "30/15minutes",    # the same, per address
}
