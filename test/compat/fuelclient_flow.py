"""Drives our API the way the stock fuel2 client does, with the stock keystoneclient library.

fuelclient (python-fuelclient, last master) decides whether to log in by calling
GET /api/v1/version without a token, then authenticates with keystoneclient's v2.0 Client
against <server>/keystone/v2.0 (two POST /tokens: password, then token re-scope) and sends
X-Auth-Token on every call. This script repeats that sequence and prints what it saw as JSON.
"""
import json
import sys
import urllib.error
import urllib.request

from keystoneclient.v2_0 import client as ks_client


def call(url, token=None, method="GET", body=None):
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    if token is not None:
        headers["X-Auth-Token"] = token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        return error.code, (json.loads(text) if text else None)


def main(root, password):
    out = {}
    status, _ = call(root + "/api/v1/version")
    out["version_without_token"] = status
    keystone = ks_client.Client(
        username="admin", password=password, tenant_name="admin",
        auth_url=root + "/keystone/v2.0",
    )
    keystone.authenticate()
    token = keystone.auth_token
    out["token_prefix"] = token[:3]
    for name in ("version/", "releases/", "clusters/", "nodes/", "transactions/"):
        status, body = call(root + "/api/v1/" + name, token)
        out[name] = {"status": status, "body": body}
    status, body = call(root + "/api/v1/clusters/", token, "POST",
                        {"name": "from-fuelclient", "release_id": 1})
    out["env_create"] = {"status": status, "body": body}
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
