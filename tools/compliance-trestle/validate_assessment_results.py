"""Loads an OSCAL assessment-results JSON file with compliance-trestle's models, which are generated
from NIST's official OSCAL JSON schema; prints `valid`, or the errors and exits 1."""
import json
import sys

from trestle.oscal.assessment_results import Model

try:
    with open(sys.argv[1], encoding='utf-8') as f:
        Model.parse_obj(json.load(f))
except Exception as error:  # pydantic's ValidationError, or JSON that does not parse
    print(error)
    sys.exit(1)
print('valid')
