"""Uses the Python SDK generated from openapi.yaml against a live server, as an integrator would.

Run by scripts/test-contract.sh after `openapi-python-client generate`; exits non-zero on the
first thing an integrator would have to fix by hand.

    python sdk_check.py PACKAGE_DIR BASE_URL CLIENT_ID CLIENT_SECRET
"""

import importlib
import io
import json
import pkgutil
import sys
from pathlib import Path

import httpx
import yaml

package_dir, base_url, client_id, client_secret = sys.argv[1:5]
sys.path.insert(0, str(Path(package_dir).parent))
package_name = Path(package_dir).name
package = importlib.import_module(package_name)

# 1. Every generated module imports (the old dual-content ingest failed with NameError: Unset).
modules = [name for _, name, _ in pkgutil.walk_packages(package.__path__, package_name + ".")]
for name in modules:
    importlib.import_module(name)
print(f"imported {len(modules)} generated modules")

api = importlib.import_module(f"{package_name}.api")
client_module = importlib.import_module(f"{package_name}.client")
models = importlib.import_module(f"{package_name}.models")
types = importlib.import_module(f"{package_name}.types")


def operation(tag, name):
    return importlib.import_module(f"{package_name}.api.{tag}.{name}")


def expect(response, status, what):
    if response.status_code != status:
        raise SystemExit(f"{what}: expected {status}, got {response.status_code}: {response.content[:300]!r}")
    return response.parsed


# 2. A token from client credentials, through the generated auth operation.
anonymous = client_module.Client(base_url=base_url)
token = expect(
    operation("auth", "issue_client_token").sync_detailed(
        client=anonymous,
        body=models.ClientCredentialsRequest(
            grant_type=models.GrantType.CLIENT_CREDENTIALS, client_id=client_id, client_secret=client_secret
        ),
    ),
    200,
    "issue_client_token",
)
client = client_module.AuthenticatedClient(base_url=base_url, token=token.access_token)

# 3. Ingest (JSON), read it back, list it.
body = yaml.safe_load(Path(sys.argv[5]).read_text())["components"]["schemas"]["SessionInput"]["example"]
body["external_id"] = f"sdk-{token.access_token[-12:]}"
session_input = models.SessionInput.from_dict(body)
created = expect(operation("sessions", "create_session").sync_detailed(client=client, body=session_input), 201, "create_session")
session_id = created.id
details = expect(operation("sessions", "get_session").sync_detailed(id=session_id, client=client), 200, "get_session")
assert details.external_id == body["external_id"], details.external_id
page = expect(operation("sessions", "list_sessions").sync_detailed(client=client, limit=5), 200, "list_sessions")
assert any(item.id == session_id for item in page.items) or page.next_cursor, "the new session is not listed"

# 4. Photos: upload as bytes, download as bytes; multipart ingest with a photo.
jpeg = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9"
)
put_photo = operation("sessions", "put_photo")
file_type = types.File
upload_arguments = {"id": session_id, "kind": "selfie", "client": client}
put_signature = put_photo.sync_detailed.__code__.co_varnames
body_argument = types.File(payload=io.BytesIO(jpeg), file_name="selfie.jpg", mime_type="image/jpeg")
photo = expect(put_photo.sync_detailed(**upload_arguments, body=body_argument), 200, "put_photo")
assert photo.kind == "selfie", photo.kind
downloaded = operation("sessions", "get_photo").sync_detailed(id=session_id, kind="selfie", client=client)
if downloaded.status_code != 200 or downloaded.content != jpeg:
    raise SystemExit(f"get_photo: {downloaded.status_code}, {len(downloaded.content)} bytes")

multipart_module = operation("sessions", "create_session_multipart")
multipart_body = models.SessionMultipart(
    session=models.SessionInput.from_dict({**body, "external_id": body["external_id"] + "-mp"}),
    selfie=types.File(payload=io.BytesIO(jpeg), file_name="selfie.jpg", mime_type="image/jpeg"),
)
with_photo = expect(multipart_module.sync_detailed(client=client, body=multipart_body), 201, "create_session_multipart")
assert [p.kind for p in with_photo.photos] == ["selfie"], with_photo.photos

# 5. The PDF report comes back as bytes.
report = operation("reports", "get_report_pdf").sync_detailed(id=session_id, client=client)
if report.status_code != 200 or not report.content.startswith(b"%PDF"):
    raise SystemExit(f"get_report_pdf: {report.status_code}")

# 6. A YAML 1.1 loader reads the document's examples as strings, not datetimes.
document = yaml.safe_load(Path(sys.argv[5]).read_text())


def non_strings(value, path="$"):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from non_strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from non_strings(item, f"{path}[{index}]")
    elif not isinstance(value, (str, int, float, bool, type(None))):
        yield path, type(value).__name__


odd = list(non_strings(document))
if odd:
    raise SystemExit(f"openapi.yaml has values a YAML 1.1 loader misreads: {odd[:5]}")
print("the generated SDK listed, read, ingested (JSON and multipart), uploaded and downloaded a photo and a report")
