"""Delivery starts with a serving process (and after fork), and not with other commands."""

import os
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(args, database_url, tmp_path, stdin=""):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env.update(DATABASE_URL=database_url, SECRET_KEY="background-test-" + "x" * 32,
               ESERVICES_INSTANCE_PATH=str(tmp_path), QUIET_HOURS="", PERIODIC_JOBS="off",
               LOG_LEVEL="WARNING")
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, input=stdin,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def test_a_server_process_delivers_from_the_start_and_in_forked_workers(database_url,
                                                                        tmp_path, app):
    script = textwrap.dedent("""
        import os, threading
        from wsgi import app  # what gunicorn --preload imports before forking its workers
        def names():
            return sorted(t.name for t in threading.enumerate() if t.name.startswith("noti"))
        print("parent", names(), flush=True)
        pid = os.fork()
        if pid == 0:
            import faulthandler
            faulthandler.dump_traceback_later(30, exit=True)  # a deadlock shows where
            from eservices.db import db
            from notifications import send_sms
            from notifications.models import Notification
            print("worker", names(), flush=True)
            with app.app_context():
                message_id = send_sms("070-123 45 67", body="Från arbetaren",
                                      category="alert", module_id="platform").id
                db.session.commit()
            app.extensions["notifications.dispatcher"].wait_idle(20)
            with app.app_context():
                print("status", db.session.get(Notification, message_id).status, flush=True)
            os._exit(0)
        os.waitpid(pid, 0)
    """)
    output = run(["-c", script], database_url, tmp_path)
    threads = "['notifications-0', 'notifications-1', 'notifications-2', " \
              "'notifications-3', 'notifications-sweeper']"
    assert f"parent {threads}" in output and f"worker {threads}" in output, output
    assert "status delivered" in output, output


def test_other_flask_commands_do_not_start_delivery(database_url, tmp_path, app):
    output = run(["-m", "flask", "--app", "wsgi", "shell"], database_url, tmp_path,
                 stdin="import threading\n"
                       "print('threads', [t.name for t in threading.enumerate()])\n")
    assert "threads ['MainThread']" in output, output
