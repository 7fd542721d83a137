"""Flask extensions, created unbound; `create_app` binds them to an application."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from .database import Base, include_object, render_item

db = SQLAlchemy(model_class=Base)
migrate = Migrate(
    render_as_batch=True, compare_type=True, render_item=render_item, include_object=include_object
)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
