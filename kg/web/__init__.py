"""The server behind ``kg serve``: a SPARQL 1.1 Protocol endpoint, the named queries, and pages.

Layout:

- :mod:`kg.web.app`: :class:`~kg.web.app.ServerConfig`, the shared :class:`~kg.web.app.Site`, and
  :func:`~kg.web.app.create_app`, which builds the route table and the middleware;
- :mod:`kg.web.sparql`: ``/sparql`` (the protocol) and ``/queries`` (named queries over HTTP);
- :mod:`kg.web.workers`: the worker processes that run queries with a real time limit;
- :mod:`kg.web.security`: Host check, body limit, security headers (CSP), same-origin and token checks;
- :mod:`kg.web.negotiation`: Accept header -> result format.

Adding pages (the hook): a module listed in :data:`kg.web.app.ROUTE_MODULES` - today ``kg.web.sparql`` and
``kg.web.explorer`` - defines ``routes(site: kg.web.app.Site) -> list[starlette.routing.BaseRoute]`` (or
``routes()`` without the site).
``create_app`` imports each one that exists and adds its routes in that order, then an index page at ``/``
that only answers when no module claimed ``/``; so the explorer (``kg/web/explorer.py``, static files under
``kg/web/static/`` served with ``starlette.staticfiles.StaticFiles``, which refuses paths outside its
folder) just defines ``routes(site)`` and takes ``/``. Its routes:

- get data with ``await site.records(sparql)`` or ``await site.named_records(name, values)``: rows as dicts
  of Python values, run in the worker processes with the server's time and row limits (a
  :class:`kg.errors.QueryError` on failure); or ``await site.run(Job(...))`` for a complete HTTP answer.
  For fixed, bounded queries, ``request.app.state.store`` is a read-only :class:`kg.store.Store` kept up to
  date with the store on disk (:class:`kg.web.app.LiveStore`; call it from a thread, e.g.
  ``starlette.concurrency.run_in_threadpool``). Routes never open the store themselves, and never build
  SPARQL from request values (bind them as terms: ``substitutions``, named queries);
- get the Content-Security-Policy of :data:`kg.web.security.CSP` added to every response (no inline script
  or style: ship them as files under ``/static``); a route that needs another policy sets the header itself;
- that write anything must call :func:`kg.web.security.refuse_cross_site` and
  :func:`kg.web.security.check_token` first (the SPARQL endpoint does, for updates).
"""
