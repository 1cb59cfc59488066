/* mutate_models.py --run: a model that compiled (as m.o, with m.h) must create an instance and predict
   one sample of zeros. Exits 0 if it does; 3 if create fails, 4 without memory for the sample, 5 if
   predict fails. */
#include "m.h"

#include <stdio.h>
#include <stdlib.h>

int main(void) {
  m_model *model = m_create();
  if (!model) {
    fprintf(stderr, "m_create returned NULL\n");
    return 3;
  }
  float *input = calloc((size_t)M_INPUT_SIZE + 1, sizeof(float));
  float *output = calloc((size_t)M_OUTPUT_SIZE + 1, sizeof(float));
  int status = !input || !output ? 4 : 0;
  if (!status && m_predict(model, input, 1, output)) {
    fprintf(stderr, "m_predict failed: %s\n", m_error(model));
    status = 5;
  }
  m_destroy(model);
  free(input);
  free(output);
  return status;
}
