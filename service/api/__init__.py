"""The review HTTP API (`juanping serve`): centers submit dossier files and fetch contracts.

- ``settings.py`` every limit and default in one dataclass;
- ``jobs.py`` the job table: submit (idempotent by SHA-256), claim, heartbeat, finish, re-queue;
- ``auth.py`` center tokens (created by `juanping tokens`, stored hashed);
- ``uploads.py`` streaming an upload to disk under the size limit, recognising its type;
- ``runner.py`` reviewing one job's file (service.batch_worker.review_one);
- ``worker.py`` worker processes claiming jobs from the database, or a Dask dispatcher;
- ``app.py`` the FastAPI app (``create_app``) and ``serve``.
"""
