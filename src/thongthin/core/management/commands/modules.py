"""`thongthin modules`: what is installed, the roles and capabilities, and each module's
settings with their environment variables and current values."""

from django.core.management.base import BaseCommand

from thongthin.core import modules


class Command(BaseCommand):
    help = "List the installed modules, their capabilities, roles and settings."

    def handle(self, *args, **options):
        for module in modules.installed():
            switch = "always on" if module.always_on else "per locality"
            self.stdout.write(f"{module.name}: {module.label} ({switch})")
            for capability in module.capabilities:
                key = " [API keys too]" if capability.api_key else ""
                self.stdout.write(f"  capability {capability.code}: {capability.label}{key}")
            for setting in module.settings:
                env = f" ${setting.env}" if setting.env else ""
                self.stdout.write(
                    f"  setting {setting.name}{env} = {module.setting(setting.name)!r}"
                    f" (default {setting.default!r}) {setting.help}"
                )
        self.stdout.write("roles:")
        for role in modules.roles().values():
            held = ", ".join(sorted(role.capabilities)) or "every capability (platform)"
            self.stdout.write(f"  {role.code}: {role.label}: {held}")
