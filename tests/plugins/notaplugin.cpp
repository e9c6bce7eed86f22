// A shared library that is not an AEL plugin: it exports nothing the loader looks for.
extern "C" int ael_test_not_a_plugin() { return 42; }
