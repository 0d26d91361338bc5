"""Set up and start the whole app on one machine: migrate, demo logins, daphne and a Huey consumer."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from creative.models import Membership, Role, Workspace
from creative.secrets import provider_keys_reencrypt
from creative.site_address import site_address_record

DEMO_USERS = (  # username, role
    ("designer", Role.DESIGNER),
    ("reviewer", Role.REVIEWER),
    ("admin", Role.ADMIN),
)


def demo_workspace_ensure(*, reset: bool = False) -> dict[str, str]:
    """The demo workspace with a designer, a reviewer and an admin; returns the passwords it set just now.

    A login is given a random password when it is created, when `reset` asks, or while it still has the
    public password older versions gave it; otherwise it keeps the password its owner knows.
    """
    workspace, _ = Workspace.objects.get_or_create(name="Demo workspace")
    User = get_user_model()
    passwords = {}
    for username, role in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created or reset or user.check_password(f"demo-{username}"):
            passwords[username] = secrets.token_urlsafe(12)
            user.set_password(passwords[username])
            user.is_staff = user.is_superuser = role == Role.ADMIN
            user.save()
        Membership.objects.get_or_create(workspace=workspace, user=user, defaults={"role": role})
    return passwords


class Command(BaseCommand):
    help = "Migrate, create the demo workspace and logins, and serve the app with a Huey consumer in one process."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=settings.HUEY_WORKERS, help="Huey worker threads")
        parser.add_argument("--no-worker", action="store_true", help="Serve only; run `manage.py run_huey` elsewhere.")
        parser.add_argument("--reset-demo", action="store_true",
                            help="Give the demo logins new random passwords and print them.")
        parser.add_argument("--no-serve", action="store_true", help="Set up (migrate, demo logins) and exit.")

    def handle(self, *args, host, port, workers, no_worker, reset_demo, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        provider_keys_reencrypt()
        passwords = demo_workspace_ensure(reset=reset_demo)
        self._print_demo_logins(passwords)
        if no_serve:
            return
        # Imported here: daphne installs the Twisted reactor on import, which only serving needs.
        from daphne.endpoints import build_endpoint_description_strings
        from daphne.server import Server

        from config.asgi import application
        from config.huey import start_embedded_consumer

        consumer = None if no_worker else start_embedded_consumer(workers=workers)
        url = f"http://{host}:{port}/"
        site_address_record(host=host, port=port)  # so `creative run` links to this port
        self.stdout.write(self.style.SUCCESS(f"Creative Pipeline is running at {url}"))
        self.stdout.write(f"Workers: {'none (external)' if consumer is None else f'{workers} Huey threads'}. Ctrl-C stops.")
        try:
            Server(application=application, endpoints=build_endpoint_description_strings(host=host, port=port),
                   signal_handlers=True).run()
        finally:
            if consumer is not None:
                consumer.stop(graceful=True)

    def _print_demo_logins(self, passwords: dict[str, str]) -> None:
        if not passwords:
            self.stdout.write("Demo logins: as printed on the first start (`manage.py up --reset-demo` sets new ones).")
            return
        self.stdout.write("Demo logins (workspace \"Demo workspace\"), shown this once:")
        for username, role in DEMO_USERS:
            if username in passwords:
                self.stdout.write(f"  {role:<9} {username} / {passwords[username]}")
        self.stdout.flush()  # now, not when the buffer fills: a log file is where an operator finds them
