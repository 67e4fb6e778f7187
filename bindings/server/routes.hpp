// HTTP routes: conversion between requests and the engine's services, nothing else.
#pragma once

#include "greenlight/server/keyring.hpp"
#include "greenlight/server/service.hpp"
#include "http_server.hpp"

namespace greenlight::server {

// Every /api/v1 endpoint of docs/api.md. outbox is set in demo mode (GET /api/v1/demo/sms).
void add_api_routes(http::Server& http, service::Service& service, const Keyring& keys, service::SmsOutbox* outbox);
// The HTTP layer's own errors (unknown endpoints, methods, oversized bodies) in the API's JSON shape; the
// consoles' folder redirects.
void add_error_handling(http::Server& http);

}  // namespace greenlight::server
