#!/usr/bin/env python3
"""Helpers of scripts/fuzz-api.sh (standard library only).

  fuzz-api-setup.py csv FILE                 the historical orders imported before the server starts
  fuzz-api-setup.py seed BASE_URL KEY        live records through the API (orders, shipment, refund,
                                             return, events, ticket), so routes that need existing
                                             records find some
  fuzz-api-setup.py config FILE STORE HOOKS  the schemathesis.toml: bearer auth from $ENCORE_FUZZ_KEY,
                                             known ids offered to path and body parameters
  fuzz-api-setup.py summary REPORT.json      prints "schemathesis: N operations, M test cases, F failures"
                                             and exits 1 when F > 0 or the run did not complete
"""
import json
import sys
import urllib.error
import urllib.request

# Ids the seed creates; the config offers them to the fuzzer next to generated ones. POST /v1/orders
# may rewrite only UPDATABLE_ORDERS, so the lines that refunds and returns refer to stay put.
ORDERS = ["1001", "1002", "h-2001", "h-2002"]
UPDATABLE_ORDERS = ["1003", "u-1", "u-2"]
CUSTOMERS = ["c1", "c2", "c3", "c4"]
LINES = ["l1", "l2", "1", "2"]
SHOPIFY_TOPICS = ["orders/create", "orders/updated", "orders/cancelled", "fulfillments/create",
                  "fulfillments/update", "refunds/create"]

CSV = """order_id,order_number,placed_at,customer_id,email,first_name,last_name,accepts_marketing,line_id,sku,title,category,quantity,unit_price
h-2001,#2001,2025-11-02T09:30:00Z,c2,grace@example.com,Grace,Hopper,yes,1,SKU-2,Tea,drinks,1,8.00
h-2001,#2001,2025-11-02T09:30:00Z,c2,grace@example.com,Grace,Hopper,yes,2,SKU-1,Mug,kitchen,2,12.50
h-2002,#2002,2025-12-10T15:00:00Z,c3,linus@example.com,Linus,,no,1,SKU-3,Teapot,kitchen,1,40.00
"""


def post(base, key, path, body):
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def seed(base, key):
    customer = {"id": "c1", "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace",
                "time_zone": "Europe/London", "birthday": "12-10",
                "consents": [{"channel": "email", "purpose": "marketing", "granted": True}]}
    requests = [
        ("/v1/orders", {"id": "1001", "number": "#1001", "placed_at": "2026-01-05T10:00:00Z", "customer": customer,
                        "lines": [{"id": "l1", "sku": "SKU-1", "title": "Mug", "quantity": 2, "unit_price": "12.50"},
                                  {"id": "l2", "sku": "SKU-2", "title": "Tea", "quantity": 1, "unit_price": "8.00"}],
                        "shipping_address": {"address1": "1 Rue de Rivoli", "city": "Paris", "country": "FR"}}),
        ("/v1/orders", {"id": "1002", "placed_at": "2026-02-01T08:00:00+01:00", "currency": "USD",
                        "customer": {"id": "c4", "email": "alan@example.com", "phone": "+15550100"},
                        "lines": [{"id": "l1", "title": "Teapot", "quantity": 1, "unit_price": "40.00", "discount": "5.00"}],
                        "tax": "3.00", "shipping": "4.99", "channel": "app"}),
        ("/v1/orders", {"id": "1003", "placed_at": "2026-02-03T08:00:00Z", "customer": {"id": "c1"},
                        "lines": [{"id": "l1", "title": "Cup", "quantity": 1, "unit_price": "5.00"}],
                        "financial_status": "voided", "cancelled_at": "2026-02-03T09:00:00Z", "cancel_reason": "customer"}),
        ("/v1/shipments", {"id": "s1", "order_id": "1001", "carrier": "UPS", "tracking_number": "1Z999",
                           "checkpoints": [{"status": "label_created", "at": "2026-01-05T12:00:00Z"},
                                           {"status": "in_transit", "at": "2026-01-06T10:00:00Z", "location": "Lyon"}]}),
        ("/v1/shipments", {"id": "s1", "order_id": "1001", "status": "delivered", "at": "2026-01-08T10:00:00Z"}),
        ("/v1/refunds", {"id": "r1", "order_id": "1001", "amount": "8.00", "created_at": "2026-01-09T10:00:00Z",
                         "lines": [{"line_id": "l2", "quantity": 1, "amount": "8.00"}]}),
        ("/v1/returns", {"id": "ret1", "order_id": "1001", "status": "requested", "requested_at": "2026-01-09T11:00:00Z",
                         "lines": [{"line_id": "l1", "quantity": 1, "reason": "chipped"}]}),
        ("/v1/events", {"events": [{"type": "page.viewed", "customer_id": "c1", "order_id": "1001",
                                    "idempotency_key": "seed-1", "payload": {"url": "/r/1001"}},
                                   {"type": "review.left", "customer_id": 4, "idempotency_key": "seed-2"}]}),
        ("/v1/tickets", {"id": "t1", "customer_id": "c1", "order_id": "1001", "subject": "Where is my mug?",
                         "message": "It has not arrived.", "priority": "high"}),
    ]
    for path, body in requests:
        status, text = post(base, key, path, body)
        if status >= 300:
            sys.exit(f"seed: POST {path} answered {status}: {text}")
    print(f"seeded {len(requests)} API requests")


def toml_list(values):
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def config(path, store, hooks):
    def bind(dictionary, probability):
        return f'{{ dictionary = "{dictionary}", probability = {probability} }}'

    operations = {
        "getOrder": {"path.id": bind("orders", 0.6)},
        "getCustomer": {"path.id": bind("customers", 0.6)},
        "upsertShipment": {"body.order_id": bind("orders", 0.7)},
        "recordRefund": {"body.order_id": bind("orders", 0.7), "body.currency": bind("currencies", 0.7),
                         "body.amount": bind("small_amounts", 0.5), "body.lines[*].line_id": bind("lines", 0.7),
                         "body.lines[*].quantity": bind("one", 0.5), "body.lines[*].amount": bind("small_amounts", 0.5)},
        "upsertReturn": {"body.order_id": bind("orders", 0.7), "body.lines[*].line_id": bind("lines", 0.7),
                         "body.lines[*].quantity": bind("one", 0.5)},
        "openTicket": {"body.order_id": bind("orders", 0.5), "body.customer_id": bind("customers", 0.5)},
        "appendEvents": {"body.events[*].order_id": bind("orders", 0.4),
                         "body.events[*].customer_id": bind("customers", 0.4)},
        "upsertOrder": {"body.customer.id": bind("customers", 0.3), "body.id": bind("updatable_orders", 0.3),
                        "body.currency": bind("currencies", 0.5)},
        "shopifyWebhook": {"path.store": bind("stores", 0.9), "header.X-Shopify-Topic": bind("topics", 0.8)},
    }
    lines = [
        "# Written by scripts/fuzz-api-setup.py for one run of scripts/fuzz-api.sh.",
        f"hooks = {json.dumps(hooks)}",
        "",
        "[auth.openapi.bearer]",
        'bearer = "${ENCORE_FUZZ_KEY}"',
        "",
        "[output.sanitization]",
        "enabled = false",  # the key is throwaway; keep repro commands exact
        "",
        "# 422 is the API's answer to a well-formed request that breaks a rule the schema cannot state",
        "# (an order id that does not exist, an unknown ISO 4217 code, over-refunding). A 400 to a",
        "# schema-valid request is still a failure: the document and the parser disagree.",
        "[checks.positive_data_acceptance]",
        'expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]',
        "",
        "[dictionaries.orders]", f"values = {toml_list(ORDERS)}",
        "[dictionaries.updatable_orders]", f"values = {toml_list(UPDATABLE_ORDERS)}",
        "[dictionaries.currencies]", 'values = ["USD", "EUR", "JPY", "KWD"]',
        "[dictionaries.small_amounts]", 'values = ["0.01", "1.00", "2.50"]',
        "[dictionaries.one]", "values = [1]",
        "[dictionaries.customers]", f"values = {toml_list(CUSTOMERS)}",
        "[dictionaries.lines]", f"values = {toml_list(LINES)}",
        "[dictionaries.stores]", f"values = {toml_list([store])}",
        "[dictionaries.topics]", f"values = {toml_list(SHOPIFY_TOPICS)}",
        "",
    ]
    for operation_id, parameters in operations.items():
        lines.append("[[operations]]")
        lines.append(f'include-operation-id = "{operation_id}"')
        lines.append("[operations.parameters]")
        for name, value in parameters.items():
            lines.append(f'"{name}" = {value}')
        lines.append("")
    with open(path, "w") as out:
        out.write("\n".join(lines))


def summary(report_path):
    with open(report_path) as f:
        report = json.load(f)
    operations = report["operations"]["tested"]
    cases = report["test_cases"]["generated"]
    failures = report["test_cases"]["unique_failures"] + len(report.get("errors") or [])
    print(f"schemathesis: {operations} operations, {cases} test cases, {failures} failures")
    for failure in report.get("failures") or []:
        print(f"  {failure['code']} {failure['title']}: {failure['count']} in {', '.join(failure['operations'])}")
    for error in report.get("errors") or []:
        print(f"  error: {json.dumps(error)[:300]}")
    if not report.get("complete", False):
        print(f"  the run did not complete ({report.get('stop_reason')})")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "csv":
        with open(arguments[0], "w") as out:
            out.write(CSV)
    elif command == "seed":
        seed(*arguments)
    elif command == "config":
        config(*arguments)
    elif command == "summary":
        sys.exit(summary(*arguments))
    else:
        sys.exit(__doc__)
