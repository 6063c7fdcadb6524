# Schemathesis hooks for scripts/fuzz-api.sh (loaded through `hooks` in the generated schemathesis.toml).
#
# POST /webhooks/shopify/{store}: the document can only say "an object" for Shopify's payload, and
# every request must carry X-Shopify-Hmac-Sha256. So, for that operation only:
#   - most generated bodies are replaced by a real Shopify payload of the topic in X-Shopify-Topic with
#     one to three of its fields swapped for hostile values (chosen from a hash of the generated body,
#     so a seed still gives the same run), to reach the payload mapping rather than "id is required";
#   - every request that has the header is signed with the fuzz store's secret, so the fuzzer gets
#     past the signature check. A case that leaves the header out (missing_required_header) stays so.
# Schemathesis re-validates a case a hook changed, so a negative case stays classified correctly.
import base64
import copy
import hashlib
import hmac
import json
import os
import random

import schemathesis
from requests.compat import json as requests_json  # the module requests serializes `json=` bodies with

SECRET = os.environ.get("ENCORE_FUZZ_WEBHOOK_SECRET", "").encode()
HEADER = "X-Shopify-Hmac-Sha256"

ORDER = {
    "id": 9007199254740993, "name": "#1001", "email": "jon@example.com", "created_at": "2024-03-01T12:30:00-05:00",
    "updated_at": "2024-03-01T12:30:00-05:00", "currency": "USD", "subtotal_price": "20.00",
    "total_line_items_price": "20.00", "total_discounts": "0.00", "total_tax": "1.60", "total_price": "26.60",
    "financial_status": "paid", "fulfillment_status": None, "cancelled_at": None, "source_name": "web",
    "total_shipping_price_set": {"shop_money": {"amount": "5.00", "currency_code": "USD"}},
    "shipping_address": {"address1": "1 Main St", "city": "Springfield", "zip": "12345", "country": "US"},
    "customer": {"id": 18446744073709551610, "email": "jon@example.com", "first_name": "Jon", "last_name": "Snow",
                 "email_marketing_consent": {"state": "subscribed", "consent_updated_at": "2024-01-01T00:00:00Z"}},
    "line_items": [{"id": 9007199254740995, "sku": "BEAN", "title": "Beans", "name": "Beans", "quantity": 2,
                    "price": "10.00", "total_discount": "0.00", "product_type": "coffee"}],
}
FULFILLMENT = {
    "id": 18446744073709551615, "order_id": 9007199254740993, "status": "success",
    "created_at": "2024-03-02T09:00:00-05:00", "updated_at": "2024-03-04T16:45:00-05:00",
    "tracking_company": "UPS", "tracking_number": "1Z", "shipment_status": "delivered",
}
REFUND = {
    "id": 9007199254740997, "order_id": 9007199254740993, "created_at": "2024-03-06T10:15:00-05:00", "note": "damaged",
    "refund_line_items": [{"id": 1, "quantity": 1, "line_item_id": 9007199254740995, "subtotal": 10.0, "total_tax": 0.8}],
    "transactions": [{"id": 2, "kind": "refund", "status": "success", "amount": "10.80", "currency": "USD"}],
}
SAMPLES = {"orders": ORDER, "fulfillments": FULFILLMENT, "refunds": REFUND}
HOSTILE = [None, "", " ", "0", "-1", "1e400", "NaN", "x" * 300, "2024-13-45T99:99:99Z", "\u202e\u0000?", 0, -1,
           2 ** 53 + 1, 2 ** 64, -(2 ** 63) - 1, 1e308, 0.1, True, [], {}, [{}], {"id": None}, "USDX", "99999999999999999999.99"]


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


def _shopify_body(topic, generated):
    """A real payload for the topic with a few fields made hostile, or None to keep the generated body."""
    digest = hashlib.sha256(json.dumps(generated, sort_keys=True, default=str).encode()).digest()
    rng = random.Random(digest)
    if rng.random() < 0.25:
        return None
    kind = str(topic).split("/")[0]
    body = copy.deepcopy(SAMPLES.get(kind) or rng.choice(list(SAMPLES.values())))
    body["id"] = rng.randrange(1, 2 ** 63)  # a new record most of the time, not a replay
    paths = [p for p in _paths(body) if p]
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        path = rng.choice(paths)
        target = body
        try:
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = copy.deepcopy(rng.choice(HOSTILE))
        except (KeyError, IndexError, TypeError):
            pass  # an earlier swap replaced a container on this path
    return body


def _raw_body(case):
    """The exact bytes requests will send for this case's body, or None if they can't be known."""
    kwargs = case.as_transport_kwargs(base_url="http://127.0.0.1")
    if "json" in kwargs:
        try:
            return requests_json.dumps(kwargs["json"], allow_nan=False).encode("utf-8")
        except ValueError:
            return None  # NaN or infinity: requests refuses to send it anyway
    data = kwargs.get("data")
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, bytes):
        return data
    return None


@schemathesis.hook
def before_call(context, case, kwargs):
    if not case.operation.path.startswith("/webhooks/shopify/"):
        return
    headers = case.headers
    if isinstance(case.body, dict) and headers is not None:
        body = _shopify_body(headers.get("X-Shopify-Topic"), case.body)
        if body is not None:
            case.body = body
    if not SECRET or not headers or HEADER not in headers:
        return
    raw = _raw_body(case)
    if raw is not None:
        headers[HEADER] = base64.b64encode(hmac.new(SECRET, raw, hashlib.sha256).digest()).decode("ascii")
