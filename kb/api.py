"""How the knowledge base's vocabularies and a funding call's deadlines appear in the open-data
API at /api/v2/ (see portal.api); building blocks for the pages' `api_fields`."""

from network.api import ReadOnlyField, open_page_ids, page_reference


def handlungsfeld(item):
    return {"id": item.pk, "name": item.name, "slug": item.slug}


class HandlungsfeldField(ReadOnlyField):
    """One Handlungsfeld (a foreign key): id, name and the short name used in addresses."""

    def to_representation(self, item):
        return handlungsfeld(item)


class HandlungsfelderField(ReadOnlyField):
    """Several Handlungsfelder (many to many), each as id, name and short name."""

    def to_representation(self, manager):
        return [handlungsfeld(item) for item in manager.all()]


class NamesField(ReadOnlyField):
    """Related records (many to many) by their names, e.g. the groups who may apply."""

    def to_representation(self, manager):
        return [item.name for item in manager.all()]


class DeadlinesField(ReadOnlyField):
    """A funding call's deadlines by date: what is due (code and text) and until which day."""

    def to_representation(self, manager):
        return [
            {
                "label": deadline.label,
                "name": deadline.name,
                "date": deadline.date.isoformat(),
            }
            for deadline in sorted(manager.all(), key=lambda deadline: (deadline.date, deadline.pk))
        ]


class ReusesField(ReadOnlyField):
    """The organisations that use a best practice too ("Nachnutzung"), with the day since."""

    def to_representation(self, manager):
        reuses = sorted(manager.all(), key=lambda reuse: (reuse.since, reuse.pk))
        served = open_page_ids(self.context, [reuse.organisation for reuse in reuses])
        return [
            {
                "organisation": page_reference(reuse.organisation, self.context),
                "since": reuse.since.isoformat(),
            }
            for reuse in reuses
            if reuse.organisation_id in served
        ]
