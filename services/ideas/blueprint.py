"""The module's URL map: one place that names every URL, resident and back office.

Handler files never import this file (Indico's ``blueprint.py``), so the map
can import them without a cycle and the manifest takes the blueprints from here.
"""

from flask import Blueprint

from . import (
                attachment_page,
                challenges,
                coaching,
                follow,
                moderation,
                prototype,
                prototype_info,
                public,
                queue,
                reports,
                showcase,
                statistics,
                status_change,
                submit,
                supports,
                verification,
                verify,
)

bp = Blueprint("ideas", __name__, template_folder="templates")
staff_bp = Blueprint("ideas_staff", __name__, template_folder="templates")

# -- residents: start page and submitting an idea (helper A) ----------------------
bp.add_url_rule("/", view_func=submit.start)
bp.add_url_rule("/begin", view_func=submit.begin)
bp.add_url_rule(f"/<any({', '.join(map(repr, submit.FLOW.slugs()))}):step>",
                view_func=submit.question,
                methods=["GET", "POST"])
bp.add_url_rule("/similar", view_func=submit.similar_page, endpoint="similar",
                methods=["GET", "POST"])
bp.add_url_rule("/attachments", view_func=attachment_page.attachments_page,
                endpoint="attachments", methods=["GET", "POST"])
bp.add_url_rule("/attachments/upload", view_func=attachment_page.upload,
                endpoint="attachment_upload", methods=["GET", "POST"])
bp.add_url_rule("/attachments/<int:attachment_id>/remove", view_func=attachment_page.remove,
                endpoint="attachment_remove", methods=["GET", "POST"])
bp.url_value_preprocessor(attachment_page.upload_limit)
bp.register_error_handler(413, attachment_page.too_large)
bp.add_url_rule("/check", view_func=submit.check, methods=["GET", "POST"])
bp.add_url_rule("/check-your-email", view_func=verification.verify_sent)
bp.add_url_rule("/verify-email/<token>", view_func=verification.verify_email,
                methods=["GET", "POST"])
bp.add_url_rule("/confirmation", view_func=submit.confirmation)
# -- residents: following an idea at its private link (helper A) -----------------
bp.add_url_rule("/follow/<token>", view_func=follow.follow)
# -- residents: challenges, supports, comments, reports (helper B) ---------------
bp.add_url_rule("/browse", view_func=public.browse)
bp.add_url_rule("/i/<reference>", view_func=public.public_idea)
bp.add_url_rule("/i/<reference>/support", view_func=supports.support, methods=["POST"])
bp.add_url_rule("/i/<reference>/comment", view_func=supports.comment, methods=["POST"])
bp.add_url_rule("/i/<reference>/report", view_func=reports.report_idea,
                methods=["GET", "POST"])
bp.add_url_rule("/i/<reference>/comments/<int:comment_id>/report",
                view_func=reports.report_comment, methods=["GET", "POST"])
bp.add_url_rule("/verify", view_func=verify.verify_phone, methods=["GET", "POST"])
bp.add_url_rule("/verify/code", view_func=verify.verify_code, methods=["GET", "POST"])
bp.add_url_rule("/challenges", view_func=challenges.challenges)
bp.add_url_rule("/challenges/<slug>", view_func=challenges.challenge)
# -- residents: the showcase "Från idé till tjänst" (helper C) -------------------
bp.add_url_rule("/showcase", view_func=showcase.showcase)
bp.add_url_rule("/showcase/<reference>", view_func=showcase.showcase_item)
# The follow page's prototype partial (ideas/_follow_prototype.html) asks for it.
bp.add_app_template_global(prototype_info.prototype_of, "idea_prototype")
# -- staff: coaching queue, idea page, status, coach, notes, prototype (helper C) -
staff_bp.add_url_rule("/", view_func=queue.queue)
staff_bp.add_url_rule("/i/<reference>", view_func=coaching.idea)
staff_bp.add_url_rule("/i/<reference>/files/<int:attachment_id>",
                      view_func=coaching.attachment)
staff_bp.add_url_rule("/i/<reference>/status", view_func=status_change.change,
                      endpoint="change_status", methods=["POST"])
staff_bp.add_url_rule("/i/<reference>/coach", view_func=coaching.assign_coach,
                      methods=["POST"])
staff_bp.add_url_rule("/i/<reference>/notes", view_func=coaching.add_note, methods=["POST"])
staff_bp.add_url_rule("/i/<reference>/prototype", view_func=prototype.start_prototype,
                      methods=["POST"])
staff_bp.add_url_rule("/i/<reference>/showcase", view_func=showcase.edit_showcase,
                      methods=["POST"])
# -- staff: challenges and moderation (helper B) ----------------------------------
staff_bp.add_url_rule("/challenges", endpoint="challenges", view_func=challenges.staff_list)
staff_bp.add_url_rule("/challenges/new", view_func=challenges.challenge_new,
                      methods=["GET", "POST"])
staff_bp.add_url_rule("/challenges/<int:challenge_id>", view_func=challenges.challenge_edit,
                      methods=["GET", "POST"])
staff_bp.add_url_rule("/challenges/<int:challenge_id>/phase",
                      view_func=challenges.challenge_phase, methods=["POST"])
staff_bp.add_url_rule("/moderation", view_func=moderation.moderation)
staff_bp.add_url_rule("/moderation/<kind>/<int:target_id>",
                      endpoint="moderation_decide", view_func=moderation.decide,
                      methods=["POST"])
# -- staff: statistics and CSV (helper D) -----------------------------------------
staff_bp.add_url_rule("/statistics", view_func=statistics.statistics)
staff_bp.add_url_rule("/statistics.csv", view_func=statistics.statistics_csv)

__all__ = [
           "bp",
           "challenges",
           "coaching",
           "follow",
           "moderation",
           "showcase",
           "staff_bp",
           "statistics",
           "submit",
           "supports",
]
