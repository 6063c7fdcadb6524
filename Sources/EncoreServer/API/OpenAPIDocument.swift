/// The OpenAPI 3.1 document of the HTTP API, served at /openapi.json.
///
/// Compiled into the binary (one file to deploy). `OpenAPITests` checks that every route the
/// router serves is documented here and every documented operation is served, and that
/// responses carry the documented required fields.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Encore API",
    "version": "1.0.0",
    "description": "Encore's ingestion and read API. Authenticate with 'Authorization: Bearer <key>' (create a key with 'encore keys create --store NAME'). Amounts are decimal strings in the currency's minor-unit precision (\"12.34\" USD, \"1200\" JPY). Ids are strings (numbers are accepted and kept exactly). No string may hold a NUL character (\\u0000): a 422 naming the field. Optional fields may be null, which is the same as leaving them out. A path served with another method answers 405 with an Allow header. Every error is {\"error\": {\"status\", \"field\", \"reason\"}}."
  },
  "servers": [{"url": "http://localhost:8080"}],
  "security": [{"bearer": []}],
  "paths": {
    "/health": {
      "get": {"operationId": "health", "security": [], "summary": "Liveness",
        "responses": {"200": {"description": "Alive", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}}}}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/healthz": {
      "get": {"operationId": "healthz", "security": [], "summary": "Liveness (the same as /health)",
        "responses": {"200": {"description": "Alive", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}}}}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/readyz": {
      "get": {"operationId": "readyz", "security": [], "summary": "Readiness: the database answers a read within 2 s",
        "responses": {
          "200": {"description": "Ready", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}}}},
          "503": {"description": "The database did not answer", "content": {"application/json": {"schema": {"type": "object", "required": ["status", "reason"], "properties": {"status": {"type": "string"}, "reason": {"type": "string"}}}}}}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/openapi.json": {
      "get": {"operationId": "openapi", "security": [], "summary": "This document",
        "responses": {"200": {"description": "The OpenAPI document", "content": {"application/json": {"schema": {"type": "object"}}}}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/v1/orders": {
      "post": {"operationId": "upsertOrder", "summary": "Create or update an order by the source's id, with its customer and lines",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderInput"}}}},
        "responses": {
          "201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderUpsertResult"}}}},
          "200": {"description": "Updated, or unchanged (a replay)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderUpsertResult"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/v1/orders/{id}": {
      "get": {"operationId": "getOrder", "summary": "An order with its lines, shipments, refunds and returns",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/IdText"}}],
        "responses": {
          "200": {"description": "The order", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderDetail"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/v1/shipments": {
      "post": {"operationId": "upsertShipment", "summary": "Create a shipment or add tracking checkpoints to it",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ShipmentInput"}}}},
        "responses": {
          "201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ShipmentResult"}}}},
          "200": {"description": "Updated or unchanged", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ShipmentResult"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/v1/refunds": {
      "post": {"operationId": "recordRefund", "summary": "Record a full or partial refund (once per id)",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RefundInput"}}}},
        "responses": {
          "201": {"description": "Recorded", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RefundResult"}}}},
          "200": {"description": "Already recorded", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RefundResult"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/v1/returns": {
      "post": {"operationId": "upsertReturn", "summary": "Request a return or move its status",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReturnInput"}}}},
        "responses": {
          "201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReturnResult"}}}},
          "200": {"description": "Updated or unchanged", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReturnResult"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/v1/events": {
      "post": {"operationId": "appendEvents", "summary": "Append up to 1,000 events; each idempotency key is stored once",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventBatchInput"}}}},
        "responses": {
          "200": {"description": "Stored (or already stored: the same answer)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventBatchResult"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/v1/tickets": {
      "post": {"operationId": "openTicket", "summary": "Open a support ticket (once per id); its first-response due time follows the store's business hours",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TicketInput"}}}},
        "responses": {
          "201": {"description": "Opened", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TicketResult"}}}},
          "200": {"description": "Already opened with this id", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TicketResult"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/v1/customers/{id}": {
      "get": {"operationId": "getCustomer", "summary": "A customer with their orders and latest events",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/IdText"}},
          {"name": "events", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 0, "maximum": 1000, "default": 100}}],
        "responses": {
          "200": {"description": "The customer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CustomerDetail"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/v1/stats": {
      "get": {"operationId": "getStats", "summary": "Counts and revenue of the key's store",
        "responses": {
          "200": {"description": "Counts", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoreStats"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/webhooks/shopify/{store}": {
      "post": {"operationId": "shopifyWebhook", "security": [], "summary": "Shopify webhooks: orders/create, orders/updated, orders/cancelled, fulfillments/create, fulfillments/update, refunds/create",
        "parameters": [
          {"name": "store", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/IdText"}, "description": "The store's name in Encore"},
          {"name": "X-Shopify-Topic", "in": "header", "required": true,
            "schema": {"enum": ["orders/create", "orders/updated", "orders/cancelled", "fulfillments/create", "fulfillments/update", "refunds/create"]}},
          {"name": "X-Shopify-Hmac-Sha256", "in": "header", "required": true, "schema": {"type": "string"},
            "description": "base64 HMAC-SHA256 of the raw body with the store's webhook secret; a missing, malformed or wrong signature is a 401"},
          {"name": "X-Shopify-Webhook-Id", "in": "header", "required": true, "schema": {"type": "string", "minLength": 1, "maxLength": 255},
            "description": "Shopify's id of the delivery: a replay with the same id is answered as the first time and changes nothing"},
          {"name": "X-Shopify-Shop-Domain", "in": "header", "required": false, "schema": {"type": "string"},
            "description": "Sent by Shopify; not used (the store is the one in the path)"},
          {"name": "X-Shopify-API-Version", "in": "header", "required": false, "schema": {"type": "string"}, "description": "Sent by Shopify; not used"},
          {"name": "X-Shopify-Triggered-At", "in": "header", "required": false, "schema": {"type": "string"}, "description": "Sent by Shopify; not used"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "description": "Shopify's own payload for the topic"}}}},
        "responses": {
          "200": {"description": "Processed (or a replay, answered the same)", "content": {"application/json": {"schema": {"type": "object", "required": ["status", "topic"], "properties": {"status": {"type": "string"}, "topic": {"type": "string"}}}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    },
    "/": {
      "get": {"operationId": "home", "security": [], "summary": "Public page: Encore is running (no store data)",
        "responses": {"200": {"description": "HTML page", "content": {"text/html": {"schema": {"type": "string"}}}}, "405": {"$ref": "#/components/responses/MethodNotAllowed"}}}
    }
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    "responses": {
      "Error": {"description": "An error naming the field and the reason", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "MethodNotAllowed": {"description": "The path is served, but not with this method; Allow lists the methods it is served with",
        "headers": {"Allow": {"required": true, "schema": {"type": "string"}, "description": "e.g. \"GET\" or \"GET, POST\""}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Amount": {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$", "examples": ["12.34"]},
      "Id": {"oneOf": [{"$ref": "#/components/schemas/IdText"}, {"type": "integer", "minimum": -9223372036854775808, "maximum": 18446744073709551615}],
        "description": "A string, or an integer of 64 bits kept as its exact digits"},
      "IdText": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "[^ \\t]",
        "description": "1 to 255 characters as sent; leading and trailing spaces and tabs are removed, and something else must remain"},
      "DateTime": {"type": "string", "format": "date-time"},
      "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["status", "field", "reason"],
        "properties": {"status": {"type": "integer"}, "field": {"type": ["string", "null"]}, "reason": {"type": "string"}}}}},
      "ConsentInput": {"type": "object", "required": ["channel", "purpose", "granted"], "properties": {
        "channel": {"enum": ["email", "sms", "push", "webhook"]}, "purpose": {"enum": ["transactional", "marketing", "feedback"]},
        "granted": {"type": "boolean"}, "updated_at": {"anyOf": [{"$ref": "#/components/schemas/DateTime"}, {"type": "null"}]}}},
      "CustomerInput": {"type": "object", "properties": {"id": {"anyOf": [{"$ref": "#/components/schemas/Id"}, {"type": "null"}]}, "email": {"type": ["string", "null"]},
        "phone": {"type": ["string", "null"]}, "first_name": {"type": ["string", "null"]}, "last_name": {"type": ["string", "null"]},
        "time_zone": {"type": ["string", "null"], "description": "IANA zone"}, "locale": {"type": ["string", "null"]},
        "birthday": {"type": ["string", "null"], "pattern": "^([0-9]{4}-)?[0-9]{2}-[0-9]{2}$", "examples": ["03-05"],
          "description": "month and day, MM-DD (or YYYY-MM-DD, the year is not kept); February 29 is allowed. Omitted keeps the stored one; a change restarts the 30 days before the birthday earns points"},
        "consents": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/ConsentInput"}}}},
      "LineInput": {"type": "object", "required": ["title", "quantity", "unit_price"], "properties": {
        "id": {"anyOf": [{"$ref": "#/components/schemas/Id"}, {"type": "null"}]}, "sku": {"type": ["string", "null"]}, "title": {"type": "string"}, "category": {"type": ["string", "null"]},
        "quantity": {"type": "integer", "minimum": 0, "maximum": 1000000}, "unit_price": {"$ref": "#/components/schemas/Amount"}, "discount": {"anyOf": [{"$ref": "#/components/schemas/Amount"}, {"type": "null"}]}}},
      "AddressInput": {"type": "object", "properties": {"address1": {"type": ["string", "null"]}, "address2": {"type": ["string", "null"]},
        "city": {"type": ["string", "null"]}, "zip": {"type": ["string", "null"]}, "province": {"type": ["string", "null"]}, "country": {"type": ["string", "null"]}}},
      "OrderInput": {"type": "object", "required": ["id", "placed_at", "lines"], "properties": {
        "id": {"$ref": "#/components/schemas/Id"}, "number": {"type": ["string", "null"]}, "placed_at": {"$ref": "#/components/schemas/DateTime"},
        "currency": {"type": ["string", "null"], "description": "ISO 4217; the store's currency when absent"},
        "subtotal": {"anyOf": [{"$ref": "#/components/schemas/Amount"}, {"type": "null"}]}, "discounts": {"anyOf": [{"$ref": "#/components/schemas/Amount"}, {"type": "null"}]},
        "tax": {"anyOf": [{"$ref": "#/components/schemas/Amount"}, {"type": "null"}]}, "shipping": {"anyOf": [{"$ref": "#/components/schemas/Amount"}, {"type": "null"}]}, "total": {"anyOf": [{"$ref": "#/components/schemas/Amount"}, {"type": "null"}]},
        "channel": {"enum": ["web", "pos", "app", null]},
        "financial_status": {"enum": ["pending", "authorized", "paid", "partially_paid", "partially_refunded", "refunded", "voided", null]},
        "fulfilment_status": {"enum": ["unfulfilled", "partial", "fulfilled", "restocked", null]},
        "cancelled_at": {"anyOf": [{"$ref": "#/components/schemas/DateTime"}, {"type": "null"}]}, "cancel_reason": {"type": ["string", "null"]},
        "shipping_address": {"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/AddressInput"}, {"type": "null"}],
          "description": "The address on one line, or its parts, which are joined with a comma and a space in the order address1, address2, city, zip, province, country; at most 500 characters"},
        "customer": {"anyOf": [{"$ref": "#/components/schemas/CustomerInput"}, {"type": "null"}]},
        "lines": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"$ref": "#/components/schemas/LineInput"}}}},
      "Line": {"type": "object", "required": ["id", "title", "quantity", "unit_price", "discount", "total"], "properties": {
        "id": {"type": "string"}, "sku": {"type": ["string", "null"]}, "title": {"type": "string"}, "category": {"type": ["string", "null"]},
        "quantity": {"type": "integer"}, "unit_price": {"$ref": "#/components/schemas/Amount"}, "discount": {"$ref": "#/components/schemas/Amount"},
        "total": {"$ref": "#/components/schemas/Amount"}}},
      "Order": {"type": "object", "required": ["id", "placed_at", "currency", "subtotal", "discounts", "tax", "shipping", "total", "channel", "financial_status", "fulfilment_status", "lines"], "properties": {
        "id": {"type": "string"}, "number": {"type": ["string", "null"]}, "customer_id": {"type": ["string", "null"]},
        "placed_at": {"$ref": "#/components/schemas/DateTime"}, "currency": {"type": "string"},
        "subtotal": {"$ref": "#/components/schemas/Amount"}, "discounts": {"$ref": "#/components/schemas/Amount"}, "tax": {"$ref": "#/components/schemas/Amount"},
        "shipping": {"$ref": "#/components/schemas/Amount"}, "total": {"$ref": "#/components/schemas/Amount"}, "channel": {"type": "string"},
        "financial_status": {"type": "string"}, "fulfilment_status": {"type": "string"},
        "cancelled_at": {"type": ["string", "null"]}, "cancel_reason": {"type": ["string", "null"]},
        "shipping_address": {"type": ["string", "null"], "description": "On one line"},
        "lines": {"type": "array", "items": {"$ref": "#/components/schemas/Line"}}}},
      "OrderUpsertResult": {"type": "object", "required": ["outcome", "order"], "properties": {
        "outcome": {"enum": ["created", "updated", "unchanged"]}, "order": {"$ref": "#/components/schemas/Order"}}},
      "OrderDetail": {"allOf": [{"$ref": "#/components/schemas/Order"}, {"type": "object", "required": ["shipments", "refunds", "returns"], "properties": {
        "shipments": {"type": "array", "items": {"$ref": "#/components/schemas/Shipment"}},
        "refunds": {"type": "array", "items": {"$ref": "#/components/schemas/Refund"}},
        "returns": {"type": "array", "items": {"$ref": "#/components/schemas/Return"}}}}]},
      "ShipmentStatus": {"enum": ["label_created", "in_transit", "out_for_delivery", "delivered", "failed_attempt", "exception", "returned_to_sender"]},
      "CheckpointInput": {"type": "object", "required": ["status", "at"], "properties": {"status": {"$ref": "#/components/schemas/ShipmentStatus"},
        "at": {"$ref": "#/components/schemas/DateTime"}, "location": {"type": ["string", "null"]}, "message": {"type": ["string", "null"]}}},
      "ShipmentInput": {"type": "object", "required": ["id", "order_id"], "description": "Give checkpoints, or a single update as status + at.", "properties": {
        "id": {"$ref": "#/components/schemas/Id"}, "order_id": {"$ref": "#/components/schemas/Id"}, "carrier": {"type": ["string", "null"]},
        "tracking_number": {"type": ["string", "null"]}, "estimated_delivery": {"anyOf": [{"$ref": "#/components/schemas/DateTime"}, {"type": "null"}]},
        "checkpoints": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/CheckpointInput"}},
        "status": {"anyOf": [{"$ref": "#/components/schemas/ShipmentStatus"}, {"type": "null"}]}, "at": {"anyOf": [{"$ref": "#/components/schemas/DateTime"}, {"type": "null"}]},
        "location": {"type": ["string", "null"]}, "message": {"type": ["string", "null"]}}},
      "Shipment": {"type": "object", "required": ["id", "order_id", "checkpoints"], "properties": {
        "id": {"type": "string"}, "order_id": {"type": "string"}, "carrier": {"type": ["string", "null"]}, "tracking_number": {"type": ["string", "null"]},
        "estimated_delivery": {"type": ["string", "null"]}, "status": {"type": ["string", "null"]},
        "checkpoints": {"type": "array", "items": {"type": "object", "required": ["status", "at"], "properties": {"status": {"type": "string"}, "at": {"type": "string"},
          "location": {"type": ["string", "null"]}, "message": {"type": ["string", "null"]}}}}}},
      "ShipmentResult": {"type": "object", "required": ["outcome", "shipment"], "properties": {"outcome": {"enum": ["created", "updated", "unchanged"]}, "shipment": {"$ref": "#/components/schemas/Shipment"}}},
      "RefundInput": {"type": "object", "required": ["id", "order_id", "amount", "created_at"], "properties": {
        "id": {"$ref": "#/components/schemas/Id"}, "order_id": {"$ref": "#/components/schemas/Id"}, "amount": {"$ref": "#/components/schemas/Amount"},
        "currency": {"type": ["string", "null"]}, "reason": {"type": ["string", "null"]}, "created_at": {"$ref": "#/components/schemas/DateTime"},
        "lines": {"type": ["array", "null"], "description": "Each line of the order at most once", "items": {"type": "object", "required": ["line_id", "quantity", "amount"], "properties": {
          "line_id": {"$ref": "#/components/schemas/Id"}, "quantity": {"type": "integer", "minimum": 0, "maximum": 1000000,
            "description": "at most the units the order has of the line"}, "amount": {"$ref": "#/components/schemas/Amount"}}}}}},
      "Refund": {"type": "object", "required": ["id", "order_id", "amount", "currency", "created_at", "lines"], "properties": {
        "id": {"type": "string"}, "order_id": {"type": "string"}, "amount": {"$ref": "#/components/schemas/Amount"}, "currency": {"type": "string"},
        "reason": {"type": ["string", "null"]}, "created_at": {"type": "string"}, "lines": {"type": "array", "items": {"type": "object"}}}},
      "RefundResult": {"type": "object", "required": ["outcome", "refund", "financial_status"], "properties": {"outcome": {"enum": ["created", "unchanged"]},
        "refund": {"$ref": "#/components/schemas/Refund"}, "financial_status": {"type": "string"}}},
      "ReturnInput": {"type": "object", "required": ["id", "order_id", "status", "requested_at", "lines"], "properties": {
        "id": {"$ref": "#/components/schemas/Id"}, "order_id": {"$ref": "#/components/schemas/Id"},
        "status": {"enum": ["requested", "approved", "received", "refunded", "rejected"]}, "reason": {"type": ["string", "null"]},
        "requested_at": {"$ref": "#/components/schemas/DateTime"},
        "lines": {"type": "array", "minItems": 1, "description": "Each line of the order at most once", "items": {"type": "object", "required": ["line_id", "quantity"], "properties": {
          "line_id": {"$ref": "#/components/schemas/Id"}, "quantity": {"type": "integer", "minimum": 1, "maximum": 1000000,
            "description": "at most the units the order has of the line"}, "reason": {"type": ["string", "null"]}}}}}},
      "Return": {"type": "object", "required": ["id", "order_id", "status", "requested_at", "lines"], "properties": {
        "id": {"type": "string"}, "order_id": {"type": "string"}, "status": {"type": "string"}, "reason": {"type": ["string", "null"]},
        "requested_at": {"type": "string"}, "lines": {"type": "array", "items": {"type": "object"}}}},
      "TicketInput": {"type": "object", "required": ["id", "subject", "message"], "properties": {
        "id": {"$ref": "#/components/schemas/Id"}, "customer_id": {"anyOf": [{"$ref": "#/components/schemas/Id"}, {"type": "null"}]}, "order_id": {"anyOf": [{"$ref": "#/components/schemas/Id"}, {"type": "null"}]},
        "email": {"type": ["string", "null"], "maxLength": 254}, "subject": {"type": "string", "minLength": 1, "maxLength": 200},
        "message": {"type": "string", "minLength": 1, "maxLength": 10000}, "priority": {"enum": ["low", "normal", "high", "urgent", null]}}},
      "TicketResult": {"type": "object", "required": ["outcome", "ticket"], "properties": {"outcome": {"enum": ["created", "unchanged"]},
        "ticket": {"type": "object", "required": ["id", "key", "number", "status", "priority", "first_response_due"], "properties": {
          "id": {"type": "string"}, "key": {"type": "string"}, "number": {"type": "integer"}, "status": {"type": "string"},
          "priority": {"type": "string"}, "first_response_due": {"$ref": "#/components/schemas/DateTime"}}}}},
      "ReturnResult": {"type": "object", "required": ["outcome", "return"], "properties": {"outcome": {"enum": ["created", "updated", "unchanged"]}, "return": {"$ref": "#/components/schemas/Return"}}},
      "EventInput": {"type": "object", "required": ["type", "idempotency_key"], "properties": {
        "type": {"type": "string", "pattern": "^[a-z0-9._]{1,64}$"}, "customer_id": {"anyOf": [{"$ref": "#/components/schemas/Id"}, {"type": "null"}]}, "order_id": {"anyOf": [{"$ref": "#/components/schemas/Id"}, {"type": "null"}]},
        "occurred_at": {"anyOf": [{"$ref": "#/components/schemas/DateTime"}, {"type": "null"}]}, "payload": {"type": ["object", "null"]}, "idempotency_key": {"type": "string", "minLength": 1, "maxLength": 255}}},
      "EventBatchInput": {"type": "object", "required": ["events"], "properties": {"events": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"$ref": "#/components/schemas/EventInput"}}}},
      "EventBatchResult": {"type": "object", "required": ["events"], "properties": {"events": {"type": "array", "items": {"type": "object", "required": ["id", "idempotency_key"],
        "properties": {"id": {"type": "integer"}, "idempotency_key": {"type": "string"}}}}}},
      "Event": {"type": "object", "required": ["id", "type", "occurred_at", "received_at", "origin", "idempotency_key", "payload"], "properties": {
        "id": {"type": "integer"}, "type": {"type": "string"}, "customer_id": {"type": ["string", "null"]}, "order_id": {"type": ["string", "null"]},
        "occurred_at": {"type": "string"}, "received_at": {"type": "string"}, "origin": {"enum": ["live", "historical"]},
        "idempotency_key": {"type": "string"}, "payload": {"type": "object"}}},
      "CustomerDetail": {"type": "object", "required": ["id", "consents", "orders", "events", "created_at"], "properties": {
        "id": {"type": "string"}, "email": {"type": ["string", "null"]}, "phone": {"type": ["string", "null"]}, "first_name": {"type": ["string", "null"]},
        "last_name": {"type": ["string", "null"]}, "time_zone": {"type": ["string", "null"]}, "locale": {"type": ["string", "null"]},
        "birthday": {"type": ["string", "null"], "description": "MM-DD"},
        "created_at": {"type": "string"}, "consents": {"type": "array", "items": {"type": "object"}},
        "orders": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}}, "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}},
      "StoreStats": {"type": "object", "required": ["store", "store_id", "customers", "orders", "line_items", "shipments", "events", "revenue", "refunds"], "properties": {
        "store": {"type": "string"}, "store_id": {"type": "integer"}, "customers": {"type": "integer"}, "orders": {"type": "integer"},
        "line_items": {"type": "integer"}, "shipments": {"type": "integer"}, "events": {"type": "integer"},
        "revenue": {"type": "object", "additionalProperties": {"type": "integer"}, "description": "minor units per currency"},
        "refunds": {"type": "object", "additionalProperties": {"type": "integer"}}}}
    }
  }
}
"""#
}
