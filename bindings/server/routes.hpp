// HTTP routes: conversion between requests and the engine's services, nothing else.
#pragma once

#include <httplib.h>

#include "greenlight/documents.hpp"

namespace greenlight::server {

void add_document_routes(httplib::Server& http, DocumentService& documents, const Keyring& keys);
void add_error_handling(httplib::Server& http);

}  // namespace greenlight::server
