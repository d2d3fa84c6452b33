data <- read.csv("corpus-entete-vide-r_R_data_file.csv", quote = "'\"", stringsAsFactors=FALSE, fileEncoding="UTF-8")

attributes(data)$variable.labels[1] <- "Code participant"
names(data)[1] <- "code"
attributes(data)$variable.labels[2] <- "Les citoyens sont écoutés"
names(data)[2] <- "ecoute"
attributes(data)$variable.labels[3] <- "Vous êtes"
names(data)[3] <- "genre"
data[, 3] <- factor(data[, 3], levels=c("F","M"),labels=c("Femme", "Homme"))
