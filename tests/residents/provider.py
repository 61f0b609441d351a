"""A real OpenID Connect provider on 127.0.0.1 for the e-ID tests, built on Authlib's server.

It speaks the protocol for real: discovery, a JWKS, an authorization endpoint
(which approves at once the test identity the test chose - there is no user
to ask), a token endpoint that authenticates the client (secret or
``private_key_jwt``) and enforces PKCE S256, one use per code and the exact
redirect URI, userinfo and RP-initiated logout.  A test changes what it
answers through its attributes (``claims``, ``acr``, ``tamper``, ``replay``)
to see the platform refuse what a broken or hostile provider might send.
"""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlencode

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, ClientMixin, grants
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "tjansteslussen"
CLIENT_SECRET = "test-client-secret"
KEY_CLIENT_ID = "tjansteslussen-jwt"
PNR_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"


class Client(ClientMixin):
    def __init__(self, client_id: str, secret: str | None, redirect_uris: list[str],
                 public_key: Any = None) -> None:
        self.client_id, self.secret, self.redirect_uris = client_id, secret, redirect_uris
        self.public_key = public_key

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return scope

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return self.secret is not None and client_secret == self.secret

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if self.public_key is not None:
            return method == "private_key_jwt"
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


class Code(AuthorizationCodeMixin):
    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str | None:
        return self.acr

    def get_amr(self) -> None:
        return None


class User:
    def __init__(self, sub: str) -> None:
        self.sub = sub

    def get_user_id(self) -> str:
        return self.sub


class LocalProvider:
    """The provider and its knobs; ``issuer`` is its address once started."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig"})
        self.codes: dict[str, Code] = {}
        self.clients: dict[str, Client] = {}
        self.claims: dict[str, Any] = {}
        self.acr: str | None = LOA3
        self.tamper: dict[str, Any] = {}  # claims to overwrite in the next ID tokens
        self.replay: str | None = None  # an ID token to hand out instead of a new one
        self.userinfo_only = False  # the identity only from userinfo, not in the ID token
        self.issued: list[str] = []
        self.authorize_requests: list[dict[str, str]] = []
        self.token_requests: list[dict[str, str]] = []
        self.logouts: list[dict[str, str]] = []
        self.app = self._build()
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.identity("191212121212", "Tolvan Tolvansson")

    # -- what tests set --------------------------------------------------------
    def identity(self, number: str | None, name: str, claim: str = PNR_CLAIM) -> None:
        """The person the next sign-ins approve (``number=None``: no identity claim)."""
        given, _, family = name.partition(" ")
        self.claims = {"name": name, "given_name": given, "family_name": family}
        if number is not None:
            self.claims[claim] = number

    def register(self, redirect_uris: list[str], public_key: Any = None) -> None:
        """The platform as a client: by secret, and by key for ``private_key_jwt``."""
        self.clients[CLIENT_ID] = Client(CLIENT_ID, CLIENT_SECRET, redirect_uris)
        if public_key is not None:
            self.clients[KEY_CLIENT_ID] = Client(KEY_CLIENT_ID, None, redirect_uris, public_key)

    def start(self) -> LocalProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()

    # -- the server ------------------------------------------------------------
    def _build(self) -> Flask:
        app = Flask("local_oidc_provider")
        app.config["OAUTH2_TOKEN_EXPIRES_IN"] = {"authorization_code": 300}
        provider = self

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post",
                                           "private_key_jwt"]

            def save_authorization_code(self, code: str, req: Any) -> None:
                data = req.payload.data
                provider.codes[code] = Code(
                    code=code, client_id=req.client.client_id,
                    redirect_uri=req.payload.redirect_uri, scope=req.scope,
                    nonce=data.get("nonce"), acr=provider.acr, auth_time=int(time.time()),
                    code_challenge=data.get("code_challenge"),
                    code_challenge_method=data.get("code_challenge_method"),
                    user=req.user.sub)

            def query_authorization_code(self, code: str, client: Client) -> Code | None:
                found = provider.codes.get(code)
                return found if found and found.client_id == client.client_id else None

            def delete_authorization_code(self, code: Code) -> None:
                provider.codes.pop(code.code, None)  # a code works once

            def authenticate_user(self, code: Code) -> User:
                return User(code.user)

        class IdToken(OpenIDCode):
            def resolve_client_private_key(self, client: Client) -> Any:
                return provider.key

            def get_client_claims(self, client: Client) -> dict[str, Any]:
                return {"iss": provider.issuer, "aud": [client.client_id]}

            def get_encode_header(self, client: Client) -> dict[str, str]:
                return {"alg": "RS256", "kid": "test-key-1"}

            def get_client_algorithm(self, client: Client) -> str:
                return "RS256"

            def exists_nonce(self, nonce: str, req: Any) -> bool:
                return False

            def generate_user_info(self, user: User, scope: str) -> dict[str, Any]:
                return {"sub": user.sub, **({} if provider.userinfo_only else provider.claims)}

            def encode_id_token(self, token: dict, req: Any) -> str:
                if provider.replay:
                    return provider.replay
                encoded = super().encode_id_token(token, req)
                if provider.tamper:
                    claims = jwt.decode(encoded, provider.key).claims
                    encoded = jwt.encode({"alg": "RS256", "kid": "test-key-1"},
                                         {**claims, **provider.tamper}, provider.key)
                provider.issued.append(encoded)
                return encoded

        class KeyAssertion(JWTBearerClientAssertion):
            CLIENT_AUTH_METHOD = "private_key_jwt"

            def get_audiences(self) -> list[str]:
                return [f"{provider.issuer}/token", provider.issuer]

            def resolve_client_public_key(self, client: Client) -> Any:
                return client.public_key

        server = AuthorizationServer(app, query_client=self.clients.get,
                                     save_token=lambda token, req: None)
        server.register_grant(CodeGrant, [CodeChallenge(required=True), IdToken(
            require_nonce=True)])

        server.register_client_auth_method(KeyAssertion.CLIENT_AUTH_METHOD,
                                           KeyAssertion(validate_jti=False))

        @app.route("/.well-known/openid-configuration")
        def discovery() -> Any:
            base = provider.issuer
            return jsonify({
                "issuer": base, "authorization_endpoint": f"{base}/authorize",
                "token_endpoint": f"{base}/token", "jwks_uri": f"{base}/jwks",
                "userinfo_endpoint": f"{base}/userinfo",
                "end_session_endpoint": f"{base}/logout",
                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic", "client_secret_post", "private_key_jwt"],
                "acr_values_supported": [f"http://id.elegnamnden.se/loa/1.0/loa{n}"
                                         for n in (2, 3, 4)],
                "scopes_supported": ["openid", "https://id.oidc.se/scope/naturalPersonNumber",
                                     "https://id.oidc.se/scope/naturalPersonName"]})

        @app.route("/jwks")
        def jwks() -> Any:
            return jsonify({"keys": [provider.key.as_dict(private=False)]})

        @app.route("/authorize")
        def authorize() -> Any:
            provider.authorize_requests.append(dict(request.args))
            return server.create_authorization_response(grant_user=User("opaque-sub-4711"))

        @app.route("/token", methods=["POST"])
        def token() -> Any:
            provider.token_requests.append(dict(request.form))
            return server.create_token_response()

        @app.route("/userinfo")
        def userinfo() -> Any:
            return jsonify({"sub": "opaque-sub-4711", **provider.claims})

        @app.route("/logout")
        def logout() -> Any:
            provider.logouts.append(dict(request.args))
            target = request.args.get("post_logout_redirect_uri", "")
            allowed = {uri.rsplit("/e-legitimation/", 1)[0] for client in
                       provider.clients.values() for uri in client.redirect_uris}
            if not any(target.startswith(base + "/") for base in allowed):
                return "unknown post_logout_redirect_uri", 400
            return redirect(target + "?" + urlencode({"state": "done"}))

        return app
