from django.apps import AppConfig


class MailIntakeConfig(AppConfig):
    name = "mail_intake"
    verbose_name = "Mailbox intake"
