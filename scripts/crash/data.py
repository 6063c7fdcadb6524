"""Deterministic test data for the crash suite (from the scenario's seeded random generator)."""
import csv
import datetime

from .common import money

PRODUCTS = [(f"SKU-{n:03d}", f"Product {n}", ["coffee", "tea", "gear", "books"][n % 4]) for n in range(60)]


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def random_lines(rng, count=None):
    """[(line_id, sku, title, category, quantity, unit_price_minor)]"""
    lines = []
    for index in range(count or rng.randint(1, 3)):
        sku, title, category = rng.choice(PRODUCTS)
        lines.append((str(index + 1), sku, title, category, rng.randint(1, 4), rng.randint(150, 9_999)))
    return lines


def generate_csv(path, rng, orders):
    """Encore's generic order CSV (docs/IMPORT.md). Returns {order_id: (total_minor, line_count, customer_id)}."""
    expected = {}
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["order_id", "order_number", "placed_at", "currency", "customer_id", "email", "first_name",
                         "line_id", "sku", "title", "category", "quantity", "unit_price"])
        customers = max(1, orders // 3)
        for n in range(orders):
            key = f"imp-{n:07d}"
            customer = f"ic-{rng.randrange(customers):06d}"
            placed = start + datetime.timedelta(minutes=n * 7 + rng.randrange(7))
            lines = random_lines(rng)
            for line_id, sku, title, category, quantity, price in lines:
                writer.writerow([key, f"#{n}", iso(placed), "USD", customer, f"{customer}@example.com", "Ada",
                                 line_id, sku, title, category, quantity, money(price)])
            expected[key] = (sum(q * p for *_, q, p in lines), len(lines), customer)
    return expected


def cdnow_expected(path):
    """The orders `encore import --format cdnow` makes of the CDNOW log (docs/IMPORT.md)."""
    expected = {}
    with open(path) as f:
        for number, line in enumerate(f, start=1):
            fields = line.split()
            if number == 1 or len(fields) != 4:
                continue
            whole, _, fraction = fields[3].partition(".")
            total = int(whole) * 100 + int((fraction + "00")[:2])
            expected[f"cdnow-L{number}"] = (total, 1, fields[0])
    return expected


def order_payload(key, customer, lines, placed, email=None, cancelled=None, first_name="Ada"):
    body = {
        "id": key, "number": f"#{key}", "placed_at": iso(placed), "currency": "USD",
        "customer": {"id": customer, "email": email or f"{customer}@example.com", "first_name": first_name,
                     "time_zone": "UTC"},
        "lines": [{"id": line_id, "sku": sku, "title": title, "category": category, "quantity": quantity,
                   "unit_price": money(price)} for line_id, sku, title, category, quantity, price in lines],
    }
    if cancelled is not None:
        body["cancelled_at"] = iso(cancelled)
        body["cancel_reason"] = "customer"
    return body


def shopify_order(order_id, customer_id, email, lines, placed):
    subtotal = sum(q * p for *_, q, p in lines)
    return {
        "id": order_id, "name": f"#S{order_id}", "email": email,
        "created_at": placed.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "updated_at": placed.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "currency": "USD", "subtotal_price": money(subtotal), "total_line_items_price": money(subtotal),
        "total_discounts": "0.00", "total_tax": "0.00", "total_price": money(subtotal), "financial_status": "paid",
        "fulfillment_status": None, "cancelled_at": None, "source_name": "web",
        "total_shipping_price_set": {"shop_money": {"amount": "0.00", "currency_code": "USD"}},
        "customer": {"id": customer_id, "email": email, "first_name": "Sho", "last_name": "Pify"},
        "line_items": [{"id": order_id * 10 + int(line_id), "sku": sku, "title": title, "name": title,
                        "quantity": quantity, "price": money(price), "total_discount": "0.00",
                        "product_type": category}
                       for line_id, sku, title, category, quantity, price in lines],
    }
