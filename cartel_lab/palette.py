"""The module's colours: Okabe & Ito's palette, distinguishable with the common
colour-vision deficiencies. Colour only ever repeats what words already say.

Kept apart from ``charts`` so that feedback and submissions can use it without
importing Altair.
"""

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
BLUE, ORANGE = OKABE_ITO[0], OKABE_ITO[1]
GREY = "#999999"
