#include "infralint/rule.h"
#include "rules.h"
const struct rule tf_state_rules[] = {{0}};
