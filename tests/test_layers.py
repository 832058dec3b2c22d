"""The apps depend one way, for models as for imports (``.importlinter`` checks the imports):
a model only points at models of its own app or of the apps below it. Modules stay short,
and every feature package says what it holds."""

from __future__ import annotations

import ast
import configparser
from pathlib import Path

from django.apps import apps
from django.conf import settings

# From the bottom up, as in "Layout" in the README; Django's own apps are below them all.
LAYERS = ("worker", "outbox", "accounts", "planning", "gatherings", "reporting")


def _layer(app_label: str) -> int:
    return LAYERS.index(app_label) if app_label in LAYERS else -1


def test_every_foreign_key_points_to_its_own_app_or_one_below():
    upward = []
    for model in apps.get_models():
        source = model._meta.app_label
        if source not in LAYERS:
            continue
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            target = field.related_model._meta.app_label
            if _layer(target) > _layer(source):
                upward.append(f"{model.__name__}.{field.name} → {target}")
    assert upward == []


def test_the_dated_session_lives_next_to_the_jam():
    session = apps.get_model("planning", "Session")

    assert session._meta.get_field("jam").related_model is apps.get_model("planning", "Jam")
    # Its table kept the name it was made with, so existing databases keep their rows.
    assert session._meta.db_table == "gatherings_session"


SOURCE_MAX_LINES = 600


def test_no_source_module_is_over_600_lines():
    root = Path(settings.BASE_DIR)
    long = {
        str(path.relative_to(root)): count
        for package in ("jamsessions", "planning", "sessions", "reporting")
        for path in (root / package).rglob("*.py")
        if "migrations" not in path.parts
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > SOURCE_MAX_LINES
    }
    assert long == {}


def test_every_feature_package_says_what_it_holds():
    root = Path(settings.BASE_DIR)
    silent = [
        str(init.relative_to(root))
        for package in ("jamsessions", "planning", "sessions", "reporting")
        for init in (root / package).rglob("__init__.py")
        if not {"migrations", "management", "templatetags"} & set(init.parts)
        and not init.read_text(encoding="utf-8").lstrip().startswith('"""')
    ]
    assert silent == []


APPS = ("jamsessions", "planning", "sessions", "reporting")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_a_view_never_imports_another_apps_views():
    root = Path(settings.BASE_DIR)
    crossing = []
    for app in APPS:
        for path in (root / app).rglob("*views.py"):
            for module in _imported_modules(path):
                top, _, rest = module.partition(".")
                if top in APPS and top != app and rest.split(".")[-1].endswith("views"):
                    crossing.append(f"{path.relative_to(root)} → {module}")
    assert crossing == []


def _contract_layers() -> list[str]:
    """Every module named in the import contract's layers."""
    parser = configparser.ConfigParser()
    parser.read(Path(settings.BASE_DIR) / ".importlinter")
    text = parser["importlinter:contract:layers"]["layers"]
    return [name.strip() for line in text.splitlines() for name in line.split(":") if name.strip()]


def test_the_import_contract_leaves_no_module_out():
    """A module in no layer is free to import anything: the contract must name every one."""
    root = Path(settings.BASE_DIR)
    layered = _contract_layers()
    outside = []
    for package in APPS:
        for path in (root / package).rglob("*.py"):
            module = ".".join(path.relative_to(root).with_suffix("").parts)
            module = module.removesuffix(".__init__")
            body = ast.parse(path.read_text(encoding="utf-8")).body
            if path.name == "__init__.py" and all(isinstance(node, ast.Expr) for node in body):
                continue  # a package that only says what it holds: its modules are named
            if not any(module == name or module.startswith(f"{name}.") for name in layered):
                outside.append(module)
    assert outside == []
