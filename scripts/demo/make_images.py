"""Makes the images a modality would send for a worklist item: copies of pydicom's CT_small.dcm test file carrying
the item's patient, accession number and Study Instance UID, in one new series with new SOP Instance UIDs.

Usage: /usr/bin/python3 make_images.py OUTDIR COUNT PATIENT_ID PATIENT_NAME ACCESSION STUDY_UID
"""
import os
import sys

import pydicom
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid

out, count, patient_id, patient_name, accession, study_uid = sys.argv[1], int(sys.argv[2]), *sys.argv[3:7]
os.makedirs(out, exist_ok=True)
series_uid = generate_uid()
for number in range(1, count + 1):
    ds = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    ds.PatientID = patient_id
    ds.PatientName = patient_name
    ds.AccessionNumber = accession
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.InstanceNumber = number
    ds.save_as(os.path.join(out, f"image{number:03d}.dcm"), write_like_original=False)
print(f"{count} images in {out}: series {series_uid}")
