"""Framework integrations. Each module imports its framework, so import only the one you use:

* `poststack.contrib.django`: ``EMAIL_BACKEND = "poststack.contrib.django.EmailBackend"``
* `poststack.contrib.flask`: ``init_app(app)`` puts a client on ``app.extensions["poststack"]``
* `poststack.contrib.fastapi`: a lifespan that owns one `AsyncPostStack`, and a dependency
"""
