// Not built: a domain file that reaches into persistence, which cmake/CheckLayer.cmake must refuse
// (the test build.layer_check_bites_* runs the check on this folder and expects it to fail).
#include "persistence/codec.h"
