#pragma once
// The FHIR R4 face of the registries under /fhir: the CapabilityStatement (public), and
// read and search of Organization, Location, Practitioner and PractitionerRole (a session
// with registry.read, within its data scope). Every answer, errors included, is
// application/fhir+json; errors are OperationOutcome with a Chinese diagnostics.
#include "http/router.h"
#include "identity/routes.h"
#include "store/db.h"

namespace weijian::fhir {

void add_fhir_routes(http::Router& router, const identity::Guard& guard, store::Db& db);

}  // namespace weijian::fhir
