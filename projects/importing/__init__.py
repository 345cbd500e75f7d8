"""Import projects from a coordinator's list: a CSV or XLSX file with one project per row.

Used by `manage.py import_projects FILE` and by the upload at /admin/projekte/import/. A network
that kept its projects in a spreadsheet moves them into the register this way, and can import
the same list again after editing it.

    columns.py   the columns a file may have, and what users may write in them
    files.py     reading a CSV or XLSX file into rows of raw cell values
    rows.py      checking a row and parsing its values
    importer.py  applying good rows to the projects, and the report
"""

from .columns import COLUMNS
from .files import FILE_TYPES, FileError
from .importer import ImportReport, ProjectImport

__all__ = ["COLUMNS", "FILE_TYPES", "FileError", "ImportReport", "ProjectImport"]
