#include "infralint/rule.h"
#include "rules.h"
const struct rule tf_changes_rules[] = {{0}};
