"""Coverage per language and module, and the command line's export, import and status."""

from sqlalchemy import select

from eservices.db import db
from eservices.staff.models import AuditEvent
from eservices.translation_work.coverage import coverage, total


def test_coverage_counts_reviewed_fuzzy_and_missing_per_module_and_kind(app, small_site):
    with app.test_request_context():
        rows = {(row.module, row.kind): row for row in coverage([small_site], "fi")}
    catalogue, templates = rows["small", "catalogue"], rows["small", "templates"]
    assert (catalogue.translated, catalogue.fuzzy, catalogue.missing) == (1, 1, 2)
    assert (templates.translated, templates.fuzzy, templates.missing) == (0, 0, 1)
    summed = total(list(rows.values()), "fi")
    assert (summed.total, summed.percent, summed.complete) == (5, 20, False)


def test_status_command_fails_for_a_language_required_complete(app, small_site):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["eservices", "translations", "status",
                                 "--require-complete", "fi"])
    assert result.exit_code == 1
    assert "not complete: fi" in result.output
    assert "fi        small                    catalogue           1      1        2" in (
        result.output)
    assert "20% reviewed" in result.output
    ok = runner.invoke(args=["eservices", "translations", "status", "--require-complete", "sv"])
    assert ok.exit_code == 0, ok.output
    wrong = runner.invoke(args=["eservices", "translations", "status",
                                "--require-complete", "../x"])
    assert wrong.exit_code == 2 and "language code" in wrong.output


def test_export_and_import_commands_write_check_and_audit(app, small_site, tmp_path):
    runner = app.test_cli_runner()
    exported = tmp_path / "fi.csv"
    result = runner.invoke(args=["eservices", "translations", "export", "fi", "-o",
                                 str(exported), "--format", "csv"])
    assert result.exit_code == 0, result.output
    body = exported.read_text(encoding="utf-8-sig")
    broken = tmp_path / "broken.csv"
    broken.write_text(body.replace("Asianumerosi on %(reference)s", "Asianumerosi on"),
                      encoding="utf-8-sig")
    refused = runner.invoke(args=["eservices", "translations", "import", str(broken)])
    assert refused.exit_code == 1
    assert "the placeholder %(reference)s is missing" in refused.output
    assert "1 problems; nothing was imported." in refused.output
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(body.replace(";Hei;translated;", ";Hei;reviewed;"), encoding="utf-8-sig")
    done = runner.invoke(args=["eservices", "translations", "import", str(fixed)])
    assert done.exit_code == 0, done.output
    assert "1 changed, 1 files written and compiled" in done.output
    with app.app_context():
        events = db.session.execute(select(AuditEvent.action, AuditEvent.subject,
                                           AuditEvent.details).order_by(AuditEvent.id)).all()
    assert [(action, subject) for action, subject, _details in events] == [
        ("translations_import_refused", "fi"), ("translations_imported", "fi")]
    assert events[1].details["file"] == "fixed.csv" and events[1].details["changes"] == 1
    assert events[1].details["written"][0].endswith("fi/LC_MESSAGES/messages.po")
    xliff = runner.invoke(args=["eservices", "translations", "export", "fi"])
    assert xliff.output.startswith("<?xml") and 'trgLang="fi"' in xliff.output
