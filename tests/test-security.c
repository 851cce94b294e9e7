/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tests.h"

void tests_security(void)
{
}
