"""Set up and start the whole app on one machine: migrate, demo logins, daphne and a Huey consumer."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from creative.models import Membership, Role, Workspace

DEMO_USERS = (  # username, password, role
    ("designer", "demo-designer", Role.DESIGNER),
    ("reviewer", "demo-reviewer", Role.REVIEWER),
    ("admin", "demo-admin", Role.ADMIN),
)


def demo_workspace_ensure() -> Workspace:
    """The demo workspace with a designer, a reviewer and an admin; passwords reset to the demo ones."""
    workspace, _ = Workspace.objects.get_or_create(name="Demo workspace")
    User = get_user_model()
    for username, password, role in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(password)
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.save()
        Membership.objects.update_or_create(workspace=workspace, user=user, defaults={"role": role})
    return workspace


class Command(BaseCommand):
    help = "Migrate, create the demo workspace and logins, and serve the app with a Huey consumer in one process."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=settings.HUEY_WORKERS, help="Huey worker threads")
        parser.add_argument("--no-worker", action="store_true", help="Serve only; run `manage.py run_huey` elsewhere.")

    def handle(self, *args, host, port, workers, no_worker, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if settings.DEBUG:
            demo_workspace_ensure()
        from daphne.endpoints import build_endpoint_description_strings
        from daphne.server import Server

        from config.asgi import application
        from config.huey import start_embedded_consumer

        consumer = None if no_worker else start_embedded_consumer(workers=workers)
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"Creative Pipeline is running at {url}"))
        if settings.DEBUG:
            self.stdout.write("Demo logins (workspace \"Demo workspace\"):")
            for username, password, role in DEMO_USERS:
                self.stdout.write(f"  {role:<9} {username} / {password}")
        self.stdout.write(f"Workers: {'none (external)' if consumer is None else f'{workers} Huey threads'}. Ctrl-C stops.")
        try:
            Server(application=application, endpoints=build_endpoint_description_strings(host=host, port=port),
                   signal_handlers=True).run()
        finally:
            if consumer is not None:
                consumer.stop(graceful=True)
