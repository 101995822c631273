"""gunicorn settings, read automatically when gunicorn starts in this folder (see README, Production notes).

The access log goes through the same redaction as the application's logs (searches, addresses, phone
numbers, secret link tokens) and names the client as `callnex_compliance.client_ip` decides it.
"""

logger_class = "callnex_compliance.gunicorn_logging.RedactingLogger"
accesslog = "-"
# Common log format, without the referrer and user agent (a referrer repeats the previous page's search).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'
