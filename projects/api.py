"""How a project's partners, OZG services and funding appear in the open-data API at /api/v2/
(see portal.api); building blocks for ProjectPage.api_fields."""

from network.api import ReadOnlyField, open_page_ids, page_reference


class PartnersField(ReadOnlyField):
    """The organisations in a project, with their role; only organisations the API serves."""

    def to_representation(self, manager):
        partners = list(manager.all())
        served = open_page_ids(self.context, [partner.organisation for partner in partners])
        return [
            {
                "organisation": page_reference(partner.organisation, self.context),
                "role": partner.role,
                "role_label": partner.get_role_display(),
            }
            for partner in partners
            if partner.organisation_id in served
        ]


class ProjectOzgLeistungenField(ReadOnlyField):
    """The OZG services a project puts online, with the Reifegrad (0–4) it reached."""

    def to_representation(self, manager):
        return [
            {
                "ozg_id": link.leistung.ozg_id,
                "name": link.leistung.name,
                "reifegrad": link.reifegrad,
                "reifegrad_label": link.get_reifegrad_display(),
            }
            for link in manager.all()
        ]


class FundingField(ReadOnlyField):
    """Money a project receives: year, amount, and the funding call where the API serves it."""

    def to_representation(self, manager):
        entries = list(manager.all())
        calls = [entry.funding_call for entry in entries if entry.funding_call is not None]
        served = open_page_ids(self.context, calls)
        return [
            {
                "funding_call": page_reference(entry.funding_call, self.context)
                if entry.funding_call_id in served
                else None,
                "amount": f"{entry.amount:.2f}",
                "year": entry.year,
            }
            for entry in entries
        ]
