# /whoami: the numeric id an owner puts in ADMIN_IDS (Bale shows it nowhere else).
whoami = Your id on { $platform }: { $id }
    To run the club, the shop owner writes it in the ADMIN_IDS setting as { $setting }.
