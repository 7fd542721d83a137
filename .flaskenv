# Read by the `flask` command (python-dotenv), never by gunicorn: local commands run in
# development mode, a deployment defaults to production. Real environment variables win.
FLASK_APP=aicb_board
APP_ENV=development
