"""Applying checked rows to the projects, and the report of what an import did.

What a row does
    The file owns the columns it has: an empty cell empties the field (or sets the default
    named in columns.py), a column missing from the header leaves the field of existing projects
    as it is. Every row is checked completely first; a row with problems is reported with each of
    them and changes nothing. A good row creates a published project below its lead
    organisation or publishes a new revision of the existing one, in the name of the importing
    user. A row that changes nothing makes no revision, so importing a file twice changes
    nothing the second time. Each row is saved in a transaction of its own: one that fails while
    saving leaves nothing behind, and the other rows are imported all the same. A dry run does
    all of it and rolls each row back.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from tqdm import tqdm
from wagtail.log_actions import log

from network.models import OrganisationPage
from network.slugs import german_slugify
from projects.models import PartnerRole, ProjectOzgLeistung, ProjectPage, ProjectPartner, Reifegrad
from projects.updates import publish_change

from .files import read_table
from .rows import Lookups, RowChecker


@dataclass
class ImportReport:
    """What an import did: the outcome of every good row, and every problem of the bad ones."""

    dry_run: bool = False
    created: list = field(default_factory=list)  # (line, project)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # (line, German reason)
    notes: list = field(default_factory=list)

    @property
    def rejected(self):
        return sorted({line for line, _reason in self.problems})

    @property
    def row_count(self):
        return len(self.created) + len(self.updated) + len(self.unchanged) + len(self.rejected)

    @property
    def messages(self):
        """One German message per problem, in the order of the file."""
        return [
            _("Zeile %(line)s: %(reason)s") % {"line": line, "reason": reason}
            for line, reason in self.problems
        ]

    @property
    def summary(self):
        return _(
            "%(created)s neu, %(updated)s geändert, %(unchanged)s unverändert, "
            "%(rejected)s abgelehnt."
        ) % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
        }


class RowRejected(Exception):
    """A good row that cannot be applied to the projects as they are."""


class ProjectImport:
    """Creates and updates projects from a file, on behalf of `user` (None for the console)."""

    def __init__(self, user=None, dry_run=False):
        self.user = user
        self.dry_run = dry_run

    def run(self, file, name, max_rows=None, progress=False):
        """Import the file; raises FileError if it cannot be read at all."""
        table = read_table(file, name, max_rows=max_rows)
        report = ImportReport(dry_run=self.dry_run, notes=table.notes)
        self.lookups = Lookups()
        self.load_projects()
        self.columns = set(table.columns)
        self.seen = {}  # project (pk, or the line that created it in a dry run): line
        checker = RowChecker(self.lookups, table.columns)
        for line, values, unnamed in tqdm(
            table.rows, desc="Projekte", unit=" Zeilen", disable=not progress
        ):
            row, problems = checker.check(line, values, unnamed)
            if row is None:
                report.problems.extend((line, reason) for reason in problems)
                continue
            try:
                outcome, project = self.save(row)
            except RowRejected as rejection:
                report.problems.append((line, str(rejection)))
                continue
            getattr(report, outcome).append((line, project))
        return report

    def save(self, row):
        """Apply the row in a transaction of its own: if saving fails, nothing of it is left.

        One transaction per row rather than one for the file: SQLite lets one writer at a time,
        and a long import must not keep editors from saving for minutes. A run that stops
        halfway is completed by running it again.
        """
        try:
            with transaction.atomic():
                result = self.apply(row)
                if self.dry_run:
                    transaction.set_rollback(True)
                return result
        except ValidationError as error:
            reason = _("Nicht gespeichert: %(error)s") % {"error": " ".join(error.messages)}
            raise RowRejected(reason) from error
        except DatabaseError as error:
            reason = _("Nicht gespeichert (Datenbankfehler): %(error)s") % {"error": error}
            raise RowRejected(reason) from error

    def load_projects(self):
        self.by_key = {}
        self.by_title = {}
        for pk, key, lead_id, title in ProjectPage.objects.values_list(
            "pk", "import_key", "lead_organisation_id", "title"
        ):
            self.remember(pk, key, lead_id, title)

    def remember(self, pk, key, lead_id, title):
        if key:
            self.by_key[key] = (pk, lead_id, title)
        projects = self.by_title.setdefault((lead_id, title), [])
        if pk not in (other for other, _key in projects):
            projects.append((pk, key))

    def match(self, row):
        """The primary key of the project the row describes; None for a new one."""
        by_title = self.by_title.get((row.lead_id, row.title), [])
        if row.key and row.key in self.by_key:
            pk, lead_id, _title = self.by_key[row.key]
            if lead_id != row.lead_id:
                raise RowRejected(
                    _(
                        "Das Projekt mit der Kennung „%(key)s“ steht unter „%(lead)s“; ein "
                        "Import kann die Federführung nicht ändern."
                    )
                    % {"key": row.key, "lead": self.lookups.organisation_titles.get(lead_id)}
                )
            if any(other != pk for other, _key in by_title):
                raise RowRejected(self.title_taken(row))
            return pk
        if len(by_title) > 1:
            raise RowRejected(
                _(
                    "Unter „%(lead)s“ gibt es mehrere Projekte „%(title)s“; bitte benennen Sie "
                    "zuerst eines davon im Portal um."
                )
                % {"lead": self.lookups.organisation_titles[row.lead_id], "title": row.title}
            )
        if by_title:
            pk, key = by_title[0]
            if row.key and key:
                raise RowRejected(
                    _("%(taken)s Es hat die Kennung „%(key)s“.")
                    % {"taken": self.title_taken(row), "key": key}
                )
            return pk
        return None

    def title_taken(self, row):
        return _("Unter „%(lead)s“ gibt es schon ein anderes Projekt „%(title)s“.") % {
            "lead": self.lookups.organisation_titles[row.lead_id],
            "title": row.title,
        }

    def apply(self, row):
        """("created" | "updated" | "unchanged", project) for a row that matched or not."""
        pk = self.match(row)
        if pk in self.seen:
            raise RowRejected(
                _("Dasselbe Projekt steht schon in Zeile %(line)s.") % {"line": self.seen[pk]}
            )
        if pk is None:
            project = self.create(row)
            outcome = "created"
        else:
            project = ProjectPage.objects.get(pk=pk)
            if not self.differs(project, row):
                outcome = "unchanged"
            else:
                publish_change(project, self.user, lambda page: self.change(page, row))
                project.refresh_from_db()
                outcome = "updated"
        # Later rows find it under its new title and key, as a later import would. A project
        # created in a dry run is rolled back at once, and its primary key given out again.
        identity = ("neu", row.line) if self.dry_run and outcome == "created" else project.pk
        self.remember(identity, project.import_key, row.lead_id, project.title)
        self.seen[identity] = row.line
        return outcome, project

    def create(self, row):
        if "summary" not in self.columns:
            raise RowRejected(
                _("Die Kurzbeschreibung fehlt; ohne sie lässt sich kein Projekt anlegen.")
            )
        lead = OrganisationPage.objects.get(pk=row.lead_id)
        project = ProjectPage(
            title=row.title,
            slug=self.free_slug(lead, row.title),
            import_key=row.key,
            owner=self.user,
            live=False,
        )
        self.change(project, row)
        lead.add_child(instance=project)
        log(instance=project, action="wagtail.create", user=self.user)
        revision = project.save_revision(user=self.user, log_action=False)
        revision.publish(user=self.user, skip_permission_checks=True)
        project.refresh_from_db()
        return project

    def free_slug(self, lead, title):
        base = german_slugify(title)[:240] or "projekt"
        taken = set(lead.get_children().values_list("slug", flat=True))
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def differs(self, project, row):
        """Whether applying the row would change the live project."""
        if project.title != row.title or (row.key and project.import_key != row.key):
            return True
        if any(getattr(project, name) != value for name, value in row.fields.items()):
            return True
        current_roles = {p.organisation_id: p.role for p in project.partners.all()}
        if row.involved is not None and partner_roles(project, row) != current_roles:
            return True
        if row.ozg is not None and ozg_levels(project, row) != current_levels(project):
            return True
        return row.tags is not None and set(row.tags) != set(project.tags.names())

    def change(self, page, row):
        """Write the row into the page (the live one, a draft, or a new one)."""
        page.title = row.title
        if row.key:
            page.import_key = row.key
        for name, value in row.fields.items():
            setattr(page, name, value)
        if row.involved is not None:
            page.partners = relinked(
                page.partners.all(),
                partner_roles(page, row),
                ProjectPartner,
                "organisation_id",
                "role",
            )
        if row.ozg is not None:
            page.ozg_leistungen = relinked(
                page.ozg_leistungen.all(),
                ozg_levels(page, row),
                ProjectOzgLeistung,
                "leistung_id",
                "reifegrad",
            )
        if row.tags is not None:
            page.tags.set(row.tags)


def current_levels(page):
    """{leistung: Reifegrad} of the links the page has."""
    return {link.leistung_id: link.reifegrad for link in page.ozg_leistungen.all()}


def partner_roles(page, row):
    """{organisation: role} after the row: the lead and the interested stay, the file names
    the involved ones (an interested organisation it names becomes involved)."""
    roles = {
        partner.organisation_id: partner.role
        for partner in page.partners.all()
        if partner.role != PartnerRole.INVOLVED
    }
    for organisation_id in row.involved:
        if roles.get(organisation_id) != PartnerRole.LEAD:
            roles[organisation_id] = PartnerRole.INVOLVED
    return roles


def ozg_levels(page, row):
    """{leistung: Reifegrad} after the row; a link without a Reifegrad keeps the one it has."""
    current = current_levels(page)
    return {
        leistung_id: level if level is not None else current.get(leistung_id, Reifegrad.OFFLINE)
        for leistung_id, level in row.ozg.items()
    }


def relinked(links, values, model, key, attribute):
    """The page's links to organisations or services after the row, from `values`
    ({key: attribute}): the links it keeps stay in their order, with the attribute from the
    row, and the new ones follow in the order of the row."""
    kept = [link for link in links if getattr(link, key) in values]
    known = {getattr(link, key) for link in kept}
    links = kept + [model(**{key: target}) for target in values if target not in known]
    for order, link in enumerate(links):
        setattr(link, attribute, values[getattr(link, key)])
        link.sort_order = order
    return links
