// Not built: a persistence file that reaches into the server, which cmake/CheckLayer.cmake must
// refuse (the test build.layer_check_bites_* runs the check on this folder and expects it to fail).
#include "server/mapping.h"
