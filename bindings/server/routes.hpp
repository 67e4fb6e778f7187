// HTTP routes: conversion between requests and the engine's services, nothing else.
#pragma once

#include <httplib.h>

#include "greenlight/keyring.hpp"
#include "greenlight/service.hpp"

namespace greenlight::server {

// Every /api/v1 endpoint of docs/api.md. outbox is set in demo mode (GET /api/v1/demo/sms).
void add_api_routes(httplib::Server& http, service::Service& service, const Keyring& keys, service::SmsOutbox* outbox);
// JSON errors for unknown endpoints, exceptions and oversized bodies; timeouts; the request log.
void add_error_handling(httplib::Server& http);

}  // namespace greenlight::server
