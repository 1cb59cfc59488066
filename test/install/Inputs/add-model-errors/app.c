/* An app that links each CASE's model, so that building it compiles the model. */
int main(void) { return 0; }
